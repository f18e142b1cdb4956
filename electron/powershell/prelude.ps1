# The prelude every script starts with (after language-mode.ps1; then seams.ps1, then the script's own file).
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding($false) } catch { }
try { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue } catch { }
function Read-RdpDoctorInput {
  $raw = $null
  if ($env:RDPDOCTOR_INPUT_FILE) {
    $bytes = [System.IO.File]::ReadAllBytes($env:RDPDOCTOR_INPUT_FILE)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $hash = -join ($sha.ComputeHash($bytes) | ForEach-Object { $_.ToString('x2') })
    if ($hash -ne [string]$env:RDPDOCTOR_INPUT_SHA256) { throw 'RDPDOCTOR: the parameters file changed after it was written; nothing was done.' }
    $raw = [System.Text.Encoding]::UTF8.GetString($bytes)
  } elseif ($env:RDPDOCTOR_INPUT) {
    $raw = [string]$env:RDPDOCTOR_INPUT
  }
  if ([string]::IsNullOrWhiteSpace($raw)) { return (New-Object PSObject) }
  return (ConvertFrom-Json -InputObject $raw)
}
$in = Read-RdpDoctorInput
$rdErrors = New-Object System.Collections.ArrayList
function Add-RdError([string]$Section, $Err) {
  $ex = $Err.Exception
  [void]$rdErrors.Add(@{
    section = $Section
    message = [string]$ex.Message
    errorId = [string]$Err.FullyQualifiedErrorId
    exception = [string]$ex.GetType().FullName
  })
}
# "Windows has none of these" (no matching rule, event, item) - a reading of nothing, not a failure.
# A missing cmdlet or module (CommandNotFoundException, ModuleNotFound) is NOT that: it is an error.
function Test-RdNotFound($Err) {
  $id = [string]$Err.FullyQualifiedErrorId
  if ($Err.Exception -is [System.Management.Automation.CommandNotFoundException]) { return $false }
  if ($id -like 'CommandNotFoundException*' -or $id -like '*ModuleNotFound*') { return $false }
  return ($id -like '*NotFound*' -or $id -like 'NoMatchingEventsFound*' -or $id -like 'CmdletizationQuery_NotFound*')
}
function Convert-RdBytes([byte[]]$Bytes) { return (-join ($Bytes | ForEach-Object { $_.ToString('X2') })) }
function Get-RegValue([string]$Path, [string]$Name) {
  $key = Get-RdRegistryKey $Path
  if ($null -eq $key) { return $null }
  $v = $key.GetValue($Name, $null)
  if ($null -eq $v) { return $null }
  if ($v -is [byte[]]) { return (Convert-RdBytes $v) }
  return $v
}
function Get-RdDate($Date) {
  if ($null -eq $Date) { return $null }
  return ([datetime]$Date).ToUniversalTime().ToString('o')
}
function Write-RdResult($Result) {
  $Result['errors'] = @($rdErrors)
  $json = ConvertTo-Json -InputObject $Result -Depth 8 -Compress
  [Console]::Out.Write($json)
  [Console]::Out.Write([Environment]::NewLine)
}
function Test-RdPort($Ports, [int]$Port, [switch]$Explicit) {
  foreach ($p in @($Ports)) {
    $s = [string]$p
    if ($s -eq 'Any') { if ($Explicit) { continue } else { return $true } }
    foreach ($part in $s.Split(',')) {
      $t = $part.Trim()
      if ($t -match '^(\d+)-(\d+)$') { if ([int]$Matches[1] -le $Port -and [int]$Matches[2] -ge $Port) { return $true } }
      elseif ($t -eq [string]$Port) { return $true }
    }
  }
  return $false
}
function Convert-RdProfile($P) {
  return @{
    name = [string]$P.Name
    enabled = [string]$P.Enabled
    defaultInboundAction = [string]$P.DefaultInboundAction
    defaultOutboundAction = [string]$P.DefaultOutboundAction
    allowInboundRules = [string]$P.AllowInboundRules
    allowLocalFirewallRules = [string]$P.AllowLocalFirewallRules
  }
}
# Every port, application and address filter, each kind fetched ONCE and keyed by its rule's InstanceID
# (filter to rule is one to one): one query per rule took minutes on machines with hundreds of rules.
function Get-RdFilterIndex {
  $index = @{ port = @{}; application = @{}; address = @{} }
  foreach ($f in @(Get-RdFirewallPortFilter)) { $index.port[[string]$f.InstanceID] = $f }
  foreach ($f in @(Get-RdFirewallApplicationFilter)) { $index.application[[string]$f.InstanceID] = $f }
  foreach ($f in @(Get-RdFirewallAddressFilter)) { $index.address[[string]$f.InstanceID] = $f }
  return $index
}
function Get-RdRuleKey($R) {
  $key = [string]$R.InstanceID
  if (-not $key) { $key = [string]$R.Name }
  return $key
}
function Convert-RdRule($R, $Index) {
  $key = Get-RdRuleKey $R
  $pf = $Index.port[$key]; $af = $Index.application[$key]; $adf = $Index.address[$key]
  $program = 'Any'
  if ($af -and $af.Program) { $program = [string]$af.Program }
  $protocol = 'Any'; $lp = @('Any'); $rp = @('Any'); $ra = @('Any')
  if ($pf) {
    $protocol = [string]$pf.Protocol
    $lp = @($pf.LocalPort | ForEach-Object { [string]$_ })
    $rp = @($pf.RemotePort | ForEach-Object { [string]$_ })
  }
  if ($adf) { $ra = @($adf.RemoteAddress | ForEach-Object { [string]$_ }) }
  return @{
    name = [string]$R.Name
    displayName = [string]$R.DisplayName
    group = [string]$R.Group
    enabled = [string]$R.Enabled
    direction = [string]$R.Direction
    action = [string]$R.Action
    profile = [string]$R.Profile
    program = $program
    protocol = $protocol
    localPorts = $lp
    remotePorts = $rp
    remoteAddresses = $ra
    source = [string]$R.PolicyStoreSourceType
  }
}
# Values of the Windows version key (HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion: edition, build,
# product name...), each under the name the result gives it ($Names: result name = registry value name);
# a value not set is $null, and a key that cannot be read leaves $null and is an error of $Section.
function Get-RdWindowsVersion([string]$Section, [hashtable]$Names) {
  $version = @{}
  foreach ($k in $Names.Keys) { $version[$k] = $null }
  try {
    $cv = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    foreach ($k in $Names.Keys) { $version[$k] = Get-RegValue $cv $Names[$k] }
  } catch { Add-RdError $Section $_ }
  return $version
}
function Get-RdListenerKey { return 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp' }
# Windows paths joined and split as strings (the same on Windows; in the Pester tests on Linux the
# fake machine's C:\ paths stay Windows paths).
function Join-RdPath([string]$Base, [string]$Child) { return ($Base.TrimEnd('\') + '\' + $Child) }
function Split-RdParent([string]$Path) {
  $t = $Path.TrimEnd('\')
  $i = $t.LastIndexOf('\')
  if ($i -lt 0) { return '' }
  return $t.Substring(0, $i)
}
function Get-RdMachineKeysDir { return (Join-RdPath (Get-RdProgramData) 'Microsoft\Crypto\RSA\MachineKeys') }
# Where CNG keeps machine keys (CAPI keeps them in MachineKeys above).
function Get-RdCngKeysDir { return (Join-RdPath (Get-RdProgramData) 'Microsoft\Crypto\Keys') }
function Get-RdUndoDir([string]$UndoId) {
  if ($UndoId -notmatch '^[A-Za-z0-9-]{8,64}$') { throw 'RDPDOCTOR: invalid undo id.' }
  return (Join-RdPath (Join-RdPath (Get-RdProgramData) 'RDPDoctor\Undo') $UndoId)
}
function Assert-RdSafeDir([string]$Path) {
  # Refuse folders a non-administrator could have planted (links, or owned by someone else).
  $item = Get-RdItem $Path
  if ($item.Attributes -band [System.IO.FileAttributes]::ReparsePoint) { throw ('RDPDOCTOR: refusing to use a linked folder: ' + $Path) }
  $owner = (Get-RdAcl $Path).GetOwner([System.Security.Principal.SecurityIdentifier]).Value
  if (@('S-1-5-18', 'S-1-5-32-544') -notcontains $owner) { throw ('RDPDOCTOR: ' + $Path + ' was not created by an administrator; remove it and try again.') }
}
# Imports certificates back into a LocalMachine store from their .pfx backups (and password files) in
# an undo folder; returns the thumbprints restored and those without a usable backup.
function Restore-RdCertificateBackups([string]$Dir, $Thumbprints, [string]$Store) {
  $restored = New-Object System.Collections.ArrayList
  $missing = New-Object System.Collections.ArrayList
  foreach ($t0 in @($Thumbprints)) {
    $t = ([string]$t0).ToUpperInvariant()
    if ($t -notmatch '^[0-9A-F]{40}$') { continue }
    $pfx = Join-RdPath $Dir ($t + '.pfx')
    $pwFile = Join-RdPath $Dir ($t + '.pfx.password')
    if ((Test-RdPath $pfx) -and (Test-RdPath $pwFile)) {
      Import-RdPfx $pfx $Store (ConvertTo-SecureString -String (Read-RdTextFile $pwFile) -AsPlainText -Force)
      [void]$restored.Add($t)
    } else { [void]$missing.Add($t) }
  }
  return @{ restored = @($restored); missing = @($missing) }
}
function New-RdUndoDir([string]$UndoId) {
  $dir = Get-RdUndoDir $UndoId
  $root = Split-RdParent $dir
  $base = Split-RdParent $root
  foreach ($d in @($base, $root)) {
    if (-not (Test-RdPath $d)) {
      New-RdDirectory $d
      # Backups may hold private keys: SYSTEM and Administrators only.
      $null = Invoke-RdIcacls @($d, '/setowner', '*S-1-5-32-544')
      $null = Invoke-RdIcacls @($d, '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F')
    }
    Assert-RdSafeDir $d
  }
  if (Test-RdPath $dir) { Assert-RdSafeDir $dir } else { New-RdDirectory $dir }
  return $dir
}
function Get-RdTsSetting {
  return (@(Get-RdCimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName 'Win32_TSGeneralSetting' -Filter "TerminalName='RDP-Tcp'") | Select-Object -First 1)
}
