# Repairs a remote computer over PowerShell remoting (WinRM). Before it connects it checks what
# WinRM will refuse and tells the administrator what to do instead of failing obscurely:
#  - PowerShell 7 has no credential dialog: remote repair runs in Windows PowerShell;
#  - HTTP (5985) to a computer outside this computer's domain, or to an IP address, needs the target in
#    this computer's TrustedHosts list (RDP Doctor never changes that list itself);
#  - HTTPS (5986) to the usual self-signed listener needs the administrator's explicit choice to skip
#    the CA and name checks (skipCertificateCheck);
#  - a local administrator other than the built-in one is refused ("Access is denied") unless the
#    target sets LocalAccountTokenFilterPolicy.
$h = [string]$in.host
if ($h -notmatch '^[A-Za-z0-9._:-]{1,253}$') { throw 'RDPDOCTOR: invalid host.' }
$action = [string]$in.action
if (@('certificate', 'enable-rdp', 'firewall', 'security-layer') -notcontains $action) { throw 'RDPDOCTOR: invalid action.' }
$thumb = $null
if ($in.thumbprint) { $thumb = ([string]$in.thumbprint).ToUpperInvariant(); if ($thumb -notmatch '^[0-9A-F]{40}$') { throw 'RDPDOCTOR: invalid thumbprint.' } }
$useSsl = ($in.useSsl -eq $true)
$skipChecks = ($useSsl -and $in.skipCertificateCheck -eq $true)
if ((Get-RdPSEdition) -eq 'Core') { throw 'RDPDOCTOR-PRECONDITION credential-prompt: PowerShell 7 cannot show the Windows credential dialog. Run remote repair from Windows PowerShell (powershell.exe), or run the command shown at the remote computer.' }
$isIp = ($h -match '^[0-9.]+$' -or $h.Contains(':'))
if (-not $useSsl) {
  $domain = $false
  try { $cs = @(Get-RdCimInstance '' 'Win32_ComputerSystem' '') | Select-Object -First 1; $domain = [bool]$cs.PartOfDomain } catch { }
  if ($isIp -or -not $domain) {
    $trusted = ''
    try { $trusted = Get-RdTrustedHosts } catch { }
    $listed = $false
    foreach ($t in @($trusted.Split(',') | ForEach-Object { $_.Trim() })) { if ($t -eq '*' -or $t -eq $h -or ($t.StartsWith('*') -and $h.EndsWith($t.Substring(1)))) { $listed = $true } }
    if (-not $listed) { throw ('RDPDOCTOR-PRECONDITION trusted-hosts: WinRM over HTTP only connects to ' + $h + ' without a domain (Kerberos) when it is in this computer''s TrustedHosts list. As administrator on this computer run: Set-Item WSMan:\localhost\Client\TrustedHosts -Value ''' + $h + ''' -Concatenate -Force. Or use HTTPS (5986) on the server.') }
  }
}
$cred = Get-RdCredential ('RDP Doctor: an administrator account on ' + $h)
if ($null -eq $cred) { throw 'RDPDOCTOR-CANCELLED: no credentials were given.' }
$user = [string]$cred.UserName
$localAccount = (-not $user.Contains('@')) -and (-not $user.Contains('\') -or $user.StartsWith('.\') -or $user.ToUpperInvariant().StartsWith($h.Split('.')[0].ToUpperInvariant() + '\'))
$params = @{ ComputerName = $h; Credential = $cred; ErrorAction = 'Stop'; ArgumentList = @($action, $thumb) }
if ($useSsl) { $params['UseSSL'] = $true; $params['SessionOption'] = (New-RdSessionOption $skipChecks) }
$work = {
  param($Action, $Thumb)
  $ErrorActionPreference = 'Stop'
  $stamp = (Get-Date).ToString('yyyyMMdd-HHmmss')
  $undo = Join-Path ([Environment]::GetFolderPath('CommonApplicationData')) ('RDPDoctor\Undo\remote-' + $stamp)
  New-Item -ItemType Directory -Path $undo -Force | Out-Null
  # Backups: SYSTEM and Administrators only.
  $null = & icacls.exe $undo '/inheritance:r' '/grant:r' '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F'
  $out = @{ action = $Action; undoDir = $undo; computer = $env:COMPUTERNAME }
  if ($Action -eq 'certificate') {
    $guid = (Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Cryptography' -Name 'MachineGuid').MachineGuid
    $file = Join-Path ([Environment]::GetFolderPath('CommonApplicationData')) ('Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_' + $guid)
    if (Test-Path -LiteralPath $file) {
      $null = & icacls.exe $file '/save' (Join-Path $undo 'keyfile.acl')
      if ($LASTEXITCODE -ne 0) { $null = & takeown.exe '/f' $file '/a'; $null = & icacls.exe $file '/save' (Join-Path $undo 'keyfile.acl') }
      $null = & icacls.exe $file '/remove:d' '*S-1-5-20' '*S-1-1-0' '*S-1-5-11' '*S-1-5-32-545'
      $null = & icacls.exe $file '/grant' '*S-1-5-20:(R)' '*S-1-5-18:(F)' '*S-1-5-32-544:(F)'
      $out['aclRepaired'] = ($LASTEXITCODE -eq 0)
    }
    $store = 'Cert:\LocalMachine\Remote Desktop'
    $removed = @()
    foreach ($c in @(Get-ChildItem -LiteralPath $store)) {
      if ($c.Subject -ne $c.Issuer) { continue }
      if ($Thumb -and $c.Thumbprint -ne $Thumb) { continue }
      Export-Certificate -Cert $c -FilePath (Join-Path $undo ($c.Thumbprint + '.cer')) -Type CERT | Out-Null
      Remove-Item -LiteralPath ($store + '\' + $c.Thumbprint) -Force
      $removed += [string]$c.Thumbprint
    }
    $out['removed'] = $removed
    try { Restart-Service -Name 'SessionEnv' -Force } finally {
      Start-Sleep -Seconds 5
      $out['present'] = @(Get-ChildItem -LiteralPath $store -ErrorAction SilentlyContinue | ForEach-Object { [string]$_.Thumbprint })
    }
  } elseif ($Action -eq 'enable-rdp') {
    $s = Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName 'Win32_TerminalServiceSetting'
    $r = Invoke-CimMethod -InputObject $s -MethodName 'SetAllowTSConnections' -Arguments @{ AllowTSConnections = [uint32]1; ModifyFirewallException = [uint32]1 }
    $out['returnValue'] = [int]$r.ReturnValue
  } elseif ($Action -eq 'firewall') {
    Enable-NetFirewallRule -Name 'RemoteDesktop-UserMode-In-TCP', 'RemoteDesktop-UserMode-In-UDP'
    $out['enabled'] = $true
  } elseif ($Action -eq 'security-layer') {
    $g = Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName 'Win32_TSGeneralSetting' -Filter "TerminalName='RDP-Tcp'"
    $out['before'] = [int]$g.SecurityLayer
    $r = Invoke-CimMethod -InputObject $g -MethodName 'SetSecurityLayer' -Arguments @{ SecurityLayer = [uint32]1 }
    $out['returnValue'] = [int]$r.ReturnValue
  }
  return $out
}
try { $remote = Invoke-RdRemote $params $work }
catch {
  $text = [string]$_.Exception.Message + ' ' + [string]$_.FullyQualifiedErrorId
  if ($text -match 'TrustedHosts') { throw ('RDPDOCTOR-PRECONDITION trusted-hosts: WinRM refused ' + $h + ' because it is not in this computer''s TrustedHosts list. As administrator on this computer run: Set-Item WSMan:\localhost\Client\TrustedHosts -Value ''' + $h + ''' -Concatenate -Force. Or use HTTPS (5986) on the server.') }
  if ($useSsl -and $text -match 'certificate|unknown certificate authority|CN of the certificate|revocation|0x80072F0D|12175|SkipCACheck|SkipCNCheck') {
    if (-not $skipChecks) { throw ('RDPDOCTOR-PRECONDITION winrm-certificate: the HTTPS listener on ' + $h + ' presents a certificate this computer does not trust (usually its own self-signed one), so WinRM refused it. Choose "skip the certificate checks" to connect anyway for this repair only (the connection is still encrypted, but this computer cannot prove it is talking to ' + $h + '), or give the listener a certificate from your CA.') }
    throw ('RDPDOCTOR-PRECONDITION winrm-certificate: the HTTPS connection to ' + $h + ' failed even with the certificate checks skipped: ' + [string]$_.Exception.Message)
  }
  if ($text -match 'Access is denied|AccessDenied|0x80070005' -and $localAccount) { throw ('RDPDOCTOR-PRECONDITION local-account-token-filter: ' + $h + ' refused the local account ' + $user + '. Over the network, Windows gives local administrators other than the built-in Administrator only standard rights unless the server sets LocalAccountTokenFilterPolicy. Use a domain administrator or the built-in Administrator, or on the server (as administrator) run: New-ItemProperty -Path HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System -Name LocalAccountTokenFilterPolicy -Value 1 -PropertyType DWord -Force') }
  throw
}
$plain = @{}
foreach ($k in @('action', 'undoDir', 'computer', 'aclRepaired', 'removed', 'present', 'returnValue', 'enabled', 'before')) { $plain[$k] = $remote[$k] }
Write-RdResult @{ host = $h; action = $action; remote = $plain }
