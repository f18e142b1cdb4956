$h = [string]$in.host
if ($h -notmatch '^[A-Za-z0-9._:-]{1,253}$') { throw 'RDPDOCTOR: invalid host.' }
$action = [string]$in.action
if (@('certificate', 'enable-rdp', 'firewall', 'security-layer') -notcontains $action) { throw 'RDPDOCTOR: invalid action.' }
$thumb = $null
if ($in.thumbprint) { $thumb = ([string]$in.thumbprint).ToUpperInvariant(); if ($thumb -notmatch '^[0-9A-F]{40}$') { throw 'RDPDOCTOR: invalid thumbprint.' } }
$cred = Get-Credential -Message ('RDP Doctor: an administrator account on ' + $h)
if ($null -eq $cred) { throw 'RDPDOCTOR-CANCELLED: no credentials were given.' }
$params = @{ ComputerName = $h; Credential = $cred; ErrorAction = 'Stop'; ArgumentList = @($action, $thumb) }
if ($in.useSsl -eq $true) { $params['UseSSL'] = $true }
$remote = Invoke-Command @params -ScriptBlock {
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
    Restart-Service -Name 'SessionEnv' -Force
    Start-Sleep -Seconds 5
    $out['removed'] = $removed
    $out['present'] = @(Get-ChildItem -LiteralPath $store | ForEach-Object { [string]$_.Thumbprint })
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
$plain = @{}
foreach ($k in @('action', 'undoDir', 'computer', 'aclRepaired', 'removed', 'present', 'returnValue', 'enabled', 'before')) { $plain[$k] = $remote[$k] }
Write-RdResult @{ host = $h; action = $action; remote = $plain }
