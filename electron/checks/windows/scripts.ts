/**
 * The fixed PowerShell scripts of the Windows checks and fixes (Windows PowerShell 5.1 compatible,
 * also run by PowerShell 7). Rules for every script here:
 *  - the text is constant: it never contains anything from the target, the user or the network;
 *  - input arrives only through the prelude's Read-RdpDoctorInput (JSON from RDPDOCTOR_INPUT, or
 *    from a hash-checked file for elevated runs) and is validated again inside the script;
 *  - output is one `ConvertTo-Json -Compress` line; errors of one section are collected in
 *    `errors` so the other sections still report; a fatal error goes to stderr with exit code 1.
 * Dates are written as ISO 8601 UTC strings (5.1 would otherwise write "\/Date(...)\/").
 * Written as String.raw templates: no backticks and no "${" in PowerShell code here.
 */
import { z } from 'zod';

export const PRELUDE = String.raw`
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
function Test-RdNotFound($Err) {
  $id = [string]$Err.FullyQualifiedErrorId
  return ($id -like '*NotFound*' -or $id -like 'NoMatchingEventsFound*' -or $id -like 'CmdletizationQuery_NotFound*')
}
function Convert-RdBytes([byte[]]$Bytes) { return (-join ($Bytes | ForEach-Object { $_.ToString('X2') })) }
function Get-RegValue([string]$Path, [string]$Name) {
  try { $key = Get-Item -LiteralPath $Path -ErrorAction Stop }
  catch [System.Management.Automation.ItemNotFoundException] { return $null }
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
  }
}
function Convert-RdRule($R) {
  $pf = $null; $af = $null; $adf = $null
  try { $pf = $R | Get-NetFirewallPortFilter -ErrorAction Stop } catch { }
  try { $af = $R | Get-NetFirewallApplicationFilter -ErrorAction Stop } catch { }
  try { $adf = $R | Get-NetFirewallAddressFilter -ErrorAction Stop } catch { }
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
function Get-RdListenerKey { return 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp' }
function Get-RdMachineKeysDir { return (Join-Path ([Environment]::GetFolderPath('CommonApplicationData')) 'Microsoft\Crypto\RSA\MachineKeys') }
function Get-RdUndoDir([string]$UndoId) {
  if ($UndoId -notmatch '^[A-Za-z0-9-]{8,64}$') { throw 'RDPDOCTOR: invalid undo id.' }
  $root = Join-Path ([Environment]::GetFolderPath('CommonApplicationData')) 'RDPDoctor\Undo'
  return (Join-Path $root $UndoId)
}
function Assert-RdSafeDir([string]$Path) {
  # Refuse folders a non-administrator could have planted (links, or owned by someone else).
  $item = Get-Item -LiteralPath $Path -Force
  if ($item.Attributes -band [System.IO.FileAttributes]::ReparsePoint) { throw ('RDPDOCTOR: refusing to use a linked folder: ' + $Path) }
  $owner = (Get-Acl -LiteralPath $Path).GetOwner([System.Security.Principal.SecurityIdentifier]).Value
  if (@('S-1-5-18', 'S-1-5-32-544') -notcontains $owner) { throw ('RDPDOCTOR: ' + $Path + ' was not created by an administrator; remove it and try again.') }
}
function New-RdUndoDir([string]$UndoId) {
  $dir = Get-RdUndoDir $UndoId
  $root = Split-Path -Parent $dir
  $base = Split-Path -Parent $root
  foreach ($d in @($base, $root)) {
    if (-not (Test-Path -LiteralPath $d)) {
      New-Item -ItemType Directory -Path $d | Out-Null
      # Backups may hold private keys: SYSTEM and Administrators only.
      $null = & icacls.exe $d '/setowner' '*S-1-5-32-544'
      $null = & icacls.exe $d '/inheritance:r' '/grant:r' '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F'
    }
    Assert-RdSafeDir $d
  }
  if (Test-Path -LiteralPath $dir) { Assert-RdSafeDir $dir } else { New-Item -ItemType Directory -Path $dir | Out-Null }
  return $dir
}
function Get-RdTsSetting {
  return (@(Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName 'Win32_TSGeneralSetting' -Filter "TerminalName='RDP-Tcp'" -ErrorAction Stop) | Select-Object -First 1)
}
`;

// ---- checks (read-only) -----------------------------------------------------------------------

const CLIENT_FIREWALL = String.raw`
$port = 3389
if ($null -ne $in.port) { $port = [int]$in.port }
if ($port -lt 1 -or $port -gt 65535) { throw 'RDPDOCTOR: invalid port.' }
$result = @{ targetPort = $port; profiles = @(); activeProfiles = @(); blockRules = @(); allowRules = @() }
$outboundBlock = $false
try { $result.activeProfiles = @(Get-NetConnectionProfile -ErrorAction Stop | ForEach-Object { [string]$_.NetworkCategory }) } catch { if (-not (Test-RdNotFound $_)) { Add-RdError 'connection-profiles' $_ } }
try {
  $result.profiles = @(Get-NetFirewallProfile -PolicyStore ActiveStore -ErrorAction Stop | ForEach-Object { Convert-RdProfile $_ })
  foreach ($p in $result.profiles) { if ($p.defaultOutboundAction -eq 'Block') { $outboundBlock = $true } }
} catch { Add-RdError 'profiles' $_ }
try {
  $list = New-Object System.Collections.ArrayList
  $rules = @()
  try { $rules = @(Get-NetFirewallRule -PolicyStore ActiveStore -Direction Outbound -Action Block -Enabled True -ErrorAction Stop) }
  catch { if (-not (Test-RdNotFound $_)) { throw } }
  foreach ($r in $rules) {
    if ($list.Count -ge 200) { break }
    [void]$list.Add((Convert-RdRule $r))
  }
  $result.blockRules = @($list)
} catch { Add-RdError 'block-rules' $_ }
try {
  $list = New-Object System.Collections.ArrayList
  $filters = @()
  try { $filters = @(Get-NetFirewallApplicationFilter -PolicyStore ActiveStore -Program '*mstsc.exe' -ErrorAction Stop) }
  catch { if (-not (Test-RdNotFound $_)) { throw } }
  foreach ($f in $filters) {
    foreach ($r in @($f | Get-NetFirewallRule)) {
      if ([string]$r.Direction -eq 'Outbound' -and [string]$r.Enabled -eq 'True' -and [string]$r.Action -eq 'Allow' -and $list.Count -lt 100) { [void]$list.Add((Convert-RdRule $r)) }
    }
  }
  if ($outboundBlock) {
    foreach ($pf in @(Get-NetFirewallPortFilter -PolicyStore ActiveStore -All -ErrorAction Stop)) {
      if (-not (Test-RdPort $pf.RemotePort $port -Explicit)) { continue }
      foreach ($r in @($pf | Get-NetFirewallRule)) {
        if ([string]$r.Direction -eq 'Outbound' -and [string]$r.Enabled -eq 'True' -and [string]$r.Action -eq 'Allow' -and $list.Count -lt 100) { [void]$list.Add((Convert-RdRule $r)) }
      }
    }
  }
  $result.allowRules = @($list)
} catch { Add-RdError 'allow-rules' $_ }
Write-RdResult $result
`;

const SECURITY_SUITES = String.raw`
$result = @{ available = $true; products = @() }
$list = New-Object System.Collections.ArrayList
foreach ($cls in @('AntiVirusProduct', 'FirewallProduct')) {
  try {
    foreach ($p in @(Get-CimInstance -Namespace 'root/SecurityCenter2' -ClassName $cls -ErrorAction Stop)) {
      [void]$list.Add(@{
        kind = $cls
        displayName = [string]$p.displayName
        productState = [int64]$p.productState
        path = [string]$p.pathToSignedProductExe
      })
    }
  } catch {
    $text = [string]$_.Exception.Message + ' ' + [string]$_.FullyQualifiedErrorId
    if ($text -match 'Invalid namespace|0x8004100e|Ungültiger Namespace|Espace de noms non valide') { $result.available = $false; break }
    Add-RdError $cls $_
  }
}
$result.products = @($list)
Write-RdResult $result
`;

const CREDSSP_POLICY = String.raw`
$path = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\CredSSP\Parameters'
$result = @{ allowEncryptionOracle = $null }
try { $result.allowEncryptionOracle = Get-RegValue $path 'AllowEncryptionOracle' } catch { Add-RdError 'AllowEncryptionOracle' $_ }
Write-RdResult $result
`;

const SCHANNEL = String.raw`
$base = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols'
$rows = New-Object System.Collections.ArrayList
foreach ($p in @('SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3')) {
  foreach ($side in @('Client', 'Server')) {
    try {
      $path = $base + '\' + $p + '\' + $side
      $enabled = Get-RegValue $path 'Enabled'
      $dbd = Get-RegValue $path 'DisabledByDefault'
      [void]$rows.Add(@{ protocol = $p; side = $side; enabled = $enabled; disabledByDefault = $dbd })
    } catch { Add-RdError ($p + ' ' + $side) $_ }
  }
}
$fips = $null
try { $fips = Get-RegValue 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa\FIPSAlgorithmPolicy' 'Enabled' } catch { Add-RdError 'fips' $_ }
$os = @{ build = $null; productName = $null; installationType = $null }
try {
  $cv = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
  $os.build = Get-RegValue $cv 'CurrentBuildNumber'
  $os.productName = Get-RegValue $cv 'ProductName'
  $os.installationType = Get-RegValue $cv 'InstallationType'
} catch { Add-RdError 'os' $_ }
Write-RdResult @{ protocols = @($rows); fips = $fips; os = $os }
`;

const VPN = String.raw`
$result = @{ adapters = @(); connections = @(); routes = @() }
try {
  $list = New-Object System.Collections.ArrayList
  foreach ($a in @(Get-NetAdapter -ErrorAction Stop)) {
    [void]$list.Add(@{
      name = [string]$a.Name
      interfaceDescription = [string]$a.InterfaceDescription
      status = [string]$a.Status
      ifIndex = [int]$a.ifIndex
      ifType = [int]$a.InterfaceType
    })
  }
  $result.adapters = @($list)
} catch { Add-RdError 'adapters' $_ }
try {
  $list = New-Object System.Collections.ArrayList
  foreach ($r in @(Get-NetRoute -DestinationPrefix '0.0.0.0/0', '::/0' -ErrorAction SilentlyContinue)) {
    [void]$list.Add(@{ ifIndex = [int]$r.ifIndex; prefix = [string]$r.DestinationPrefix; metric = [int]$r.RouteMetric })
  }
  $result.routes = @($list)
} catch { Add-RdError 'routes' $_ }
try {
  $list = New-Object System.Collections.ArrayList
  foreach ($c in @(Get-VpnConnection -ErrorAction Stop)) {
    [void]$list.Add(@{ name = [string]$c.Name; serverAddress = [string]$c.ServerAddress; status = [string]$c.ConnectionStatus; splitTunneling = $c.SplitTunneling; tunnelType = [string]$c.TunnelType; allUsers = $false })
  }
  foreach ($c in @(Get-VpnConnection -AllUserConnection -ErrorAction SilentlyContinue)) {
    [void]$list.Add(@{ name = [string]$c.Name; serverAddress = [string]$c.ServerAddress; status = [string]$c.ConnectionStatus; splitTunneling = $c.SplitTunneling; tunnelType = [string]$c.TunnelType; allUsers = $true })
  }
  $result.connections = @($list)
} catch { if (-not (Test-RdNotFound $_)) { Add-RdError 'vpn-connections' $_ } }
Write-RdResult $result
`;

const NIC_POWER = String.raw`
$classBase = 'HKLM:\SYSTEM\CurrentControlSet\Control\Class\{4D36E972-E325-11CE-BFC1-08002BE10318}'
$map = @{}
try {
  foreach ($k in @(Get-ChildItem -LiteralPath $classBase -ErrorAction SilentlyContinue)) {
    if ($k.PSChildName -notmatch '^\d{4}$') { continue }
    $id = $k.GetValue('NetCfgInstanceId', $null)
    if ($id) { $map[[string]$id] = @{ subkey = [string]$k.PSChildName; pnp = $k.GetValue('PnPCapabilities', $null) } }
  }
} catch { Add-RdError 'class-key' $_ }
$defaultIf = @{}
foreach ($r in @(Get-NetRoute -DestinationPrefix '0.0.0.0/0', '::/0' -ErrorAction SilentlyContinue)) { $defaultIf[[string]$r.ifIndex] = $true }
$list = New-Object System.Collections.ArrayList
try {
  foreach ($a in @(Get-NetAdapter -Physical -ErrorAction Stop | Where-Object { [string]$_.Status -eq 'Up' })) {
    $guid = [string]$a.InterfaceGuid
    $entry = $map[$guid]
    $allow = $null
    try {
      $pm = Get-NetAdapterPowerManagement -Name $a.Name -ErrorAction Stop
      if ($pm) { $allow = [string]$pm.AllowComputerToTurnOffDevice }
    } catch { Add-RdError ('power:' + [string]$a.Name) $_ }
    $sub = $null; $pnp = $null
    if ($entry) { $sub = $entry.subkey; $pnp = $entry.pnp }
    [void]$list.Add(@{
      name = [string]$a.Name
      interfaceDescription = [string]$a.InterfaceDescription
      interfaceGuid = $guid
      mediaType = [string]$a.MediaType
      linkSpeed = [string]$a.LinkSpeed
      carriesDefaultRoute = [bool]$defaultIf[[string]$a.ifIndex]
      classSubkey = $sub
      pnpCapabilities = $pnp
      allowComputerToTurnOffDevice = $allow
    })
  }
} catch { Add-RdError 'adapters' $_ }
Write-RdResult @{ adapters = @($list) }
`;

const ACCEPTED_CERT = String.raw`
# The names are only compared with the subkey names: nothing from the input becomes a path.
$base = 'HKCU:\Software\Microsoft\Terminal Server Client\Servers'
$names = @([string]$in.host)
if ($null -ne $in.port -and [int]$in.port -ne 3389) { $names += ([string]$in.host + ':' + [int]$in.port) }
$list = New-Object System.Collections.ArrayList
try {
  if (Test-Path -LiteralPath $base) {
    foreach ($k in @(Get-ChildItem -LiteralPath $base -ErrorAction Stop)) {
      if ($names -contains [string]$k.PSChildName) {
        $hash = $k.GetValue('CertHash', $null)
        if ($hash -is [byte[]]) { $hash = Convert-RdBytes $hash }
        [void]$list.Add(@{ name = [string]$k.PSChildName; certHash = $hash; usernameHint = $k.GetValue('UsernameHint', $null) })
      }
    }
  }
} catch { Add-RdError 'servers' $_ }
Write-RdResult @{ entries = @($list) }
`;

const RDP_LISTENER = String.raw`
$ts = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
$ls = Get-RdListenerKey
$pol = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
$reg = @{}; $policy = @{}; $wmi = $null
try {
  $reg['fDenyTSConnections'] = Get-RegValue $ts 'fDenyTSConnections'
  foreach ($n in @('PortNumber', 'UserAuthentication', 'SecurityLayer', 'MinEncryptionLevel', 'SSLCertificateSHA1Hash')) { $reg[$n] = Get-RegValue $ls $n }
} catch { Add-RdError 'listener' $_ }
try {
  foreach ($n in @('fDenyTSConnections', 'UserAuthentication', 'SecurityLayer', 'MinEncryptionLevel')) { $policy[$n] = Get-RegValue $pol $n }
} catch { Add-RdError 'policy' $_ }
try {
  $g = Get-RdTsSetting
  $wmi = @{ found = ($null -ne $g) }
  if ($g) {
    $wmi['SecurityLayer'] = $g.SecurityLayer
    $wmi['UserAuthenticationRequired'] = $g.UserAuthenticationRequired
    $wmi['MinEncryptionLevel'] = $g.MinEncryptionLevel
    $wmi['SSLCertificateSHA1Hash'] = [string]$g.SSLCertificateSHA1Hash
  }
  $s = @(Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName 'Win32_TerminalServiceSetting' -ErrorAction Stop) | Select-Object -First 1
  if ($s) { $wmi['AllowTSConnections'] = $s.AllowTSConnections }
} catch { Add-RdError 'wmi' $_ }
Write-RdResult @{ registry = $reg; policy = $policy; wmi = $wmi }
`;

const CERT_STORE = String.raw`
function Convert-RdCert($C, [string]$Store) {
  $eku = @()
  foreach ($e in @($C.Extensions)) {
    if ($e.Oid -and $e.Oid.Value -eq '2.5.29.37') { $eku = @($e.EnhancedKeyUsages | ForEach-Object { [string]$_.Value }) }
  }
  return @{
    store = $Store
    thumbprint = [string]$C.Thumbprint
    subject = [string]$C.Subject
    issuer = [string]$C.Issuer
    notBefore = (Get-RdDate $C.NotBefore)
    notAfter = (Get-RdDate $C.NotAfter)
    hasPrivateKey = [bool]$C.HasPrivateKey
    eku = $eku
  }
}
$inUse = $null; $configured = $null
try { $configured = Get-RegValue (Get-RdListenerKey) 'SSLCertificateSHA1Hash' } catch { Add-RdError 'listener' $_ }
try {
  $g = Get-RdTsSetting
  if ($g) { $inUse = [string]$g.SSLCertificateSHA1Hash }
} catch { Add-RdError 'wmi' $_ }
$certs = New-Object System.Collections.ArrayList
try {
  foreach ($c in @(Get-ChildItem -LiteralPath 'Cert:\LocalMachine\Remote Desktop' -ErrorAction Stop)) { [void]$certs.Add((Convert-RdCert $c 'Remote Desktop')) }
} catch { Add-RdError 'remote-desktop-store' $_ }
foreach ($t in @($inUse, $configured)) {
  if (-not $t -or ([string]$t -notmatch '^[0-9A-Fa-f]{40}$')) { continue }
  $thumb = ([string]$t).ToUpperInvariant()
  $already = $false
  foreach ($x in $certs) { if ($x.thumbprint -eq $thumb) { $already = $true } }
  if ($already) { continue }
  try {
    $c = Get-Item -LiteralPath ('Cert:\LocalMachine\My\' + $thumb) -ErrorAction Stop
    [void]$certs.Add((Convert-RdCert $c 'My'))
  } catch [System.Management.Automation.ItemNotFoundException] { } catch { Add-RdError 'my-store' $_ }
}
Write-RdResult @{ inUse = $inUse; configured = $configured; certificates = @($certs); checkedAt = (Get-RdDate (Get-Date)) }
`;

const KEY_FILE = String.raw`
$prefix = 'f686aace6942fb7f7ceb231212eef4a4_'
$result = @{ machineGuid = $null; path = $null; exists = $false; length = $null; owner = $null; acl = @(); aclReadable = $false; otherKeyFiles = @() }
try { $result.machineGuid = Get-RegValue 'HKLM:\SOFTWARE\Microsoft\Cryptography' 'MachineGuid' } catch { Add-RdError 'machine-guid' $_ }
$dir = Get-RdMachineKeysDir
if ($result.machineGuid) {
  $leaf = $prefix + [string]$result.machineGuid
  $file = Join-Path $dir $leaf
  $result.path = $file
  try {
    $found = @(Get-ChildItem -LiteralPath $dir -Filter ($prefix + '*') -Force -ErrorAction Stop)
    foreach ($f in $found) {
      if ($f.Name -eq $leaf) { $result.exists = $true; $result.length = [int64]$f.Length }
    }
    $result.otherKeyFiles = @($found | Where-Object { $_.Name -ne $leaf } | ForEach-Object { [string]$_.Name })
  } catch { Add-RdError 'listing' $_ }
  if ($result.exists) {
    try {
      $acl = Get-Acl -LiteralPath $file -ErrorAction Stop
      $result.owner = [string]$acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value
      $entries = New-Object System.Collections.ArrayList
      foreach ($r in @($acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier]))) {
        $account = $null
        try { $account = [string]$r.IdentityReference.Translate([System.Security.Principal.NTAccount]).Value } catch { }
        [void]$entries.Add(@{
          sid = [string]$r.IdentityReference.Value
          account = $account
          rights = [string]$r.FileSystemRights
          mask = [int64]([int]$r.FileSystemRights)
          type = [string]$r.AccessControlType
          inherited = [bool]$r.IsInherited
        })
      }
      $result.acl = @($entries)
      $result.aclReadable = $true
    } catch { Add-RdError 'acl' $_ }
  }
}
Write-RdResult $result
`;

const SERVICES = String.raw`
$list = New-Object System.Collections.ArrayList
foreach ($n in @('TermService', 'SessionEnv', 'UmRdpService')) {
  try {
    $s = Get-Service -Name $n -ErrorAction SilentlyContinue
    if ($null -eq $s) { [void]$list.Add(@{ name = $n; exists = $false }); continue }
    $account = $null
    try {
      $w = @(Get-CimInstance -ClassName 'Win32_Service' -Filter ("Name='" + $n + "'") -ErrorAction Stop) | Select-Object -First 1
      if ($w) { $account = [string]$w.StartName }
    } catch { Add-RdError ('account:' + $n) $_ }
    [void]$list.Add(@{ name = $n; exists = $true; displayName = [string]$s.DisplayName; status = [string]$s.Status; startType = [string]$s.StartType; account = $account })
  } catch { Add-RdError $n $_ }
}
Write-RdResult @{ services = @($list) }
`;

const SERVER_FIREWALL = String.raw`
$group = '@FirewallAPI.dll,-28752'
$port = 3389
try { $p = Get-RegValue (Get-RdListenerKey) 'PortNumber'; if ($null -ne $p) { $port = [int]$p } } catch { Add-RdError 'listener' $_ }
$result = @{ listenerPort = $port; profiles = @(); activeProfiles = @(); remoteDesktopRules = @(); portRules = @() }
try { $result.profiles = @(Get-NetFirewallProfile -PolicyStore ActiveStore -ErrorAction Stop | ForEach-Object { Convert-RdProfile $_ }) } catch { Add-RdError 'profiles' $_ }
try { $result.activeProfiles = @(Get-NetConnectionProfile -ErrorAction Stop | ForEach-Object { [string]$_.NetworkCategory }) } catch { if (-not (Test-RdNotFound $_)) { Add-RdError 'connection-profiles' $_ } }
try {
  $list = New-Object System.Collections.ArrayList
  foreach ($r in @(Get-NetFirewallRule -PolicyStore ActiveStore -ErrorAction Stop)) {
    if ([string]$r.Group -eq $group -or [string]$r.Name -like 'RemoteDesktop-*') { [void]$list.Add((Convert-RdRule $r)) }
  }
  $result.remoteDesktopRules = @($list)
} catch { Add-RdError 'remote-desktop-rules' $_ }
try {
  $list = New-Object System.Collections.ArrayList
  foreach ($pf in @(Get-NetFirewallPortFilter -PolicyStore ActiveStore -All -ErrorAction Stop)) {
    if (-not (Test-RdPort $pf.LocalPort $port -Explicit)) { continue }
    foreach ($r in @($pf | Get-NetFirewallRule)) {
      if ([string]$r.Direction -ne 'Inbound') { continue }
      if ([string]$r.Group -eq $group -or [string]$r.Name -like 'RemoteDesktop-*') { continue }
      if ($list.Count -lt 100) { [void]$list.Add((Convert-RdRule $r)) }
    }
  }
  $result.portRules = @($list)
} catch { Add-RdError 'port-rules' $_ }
Write-RdResult $result
`;

const EVENTS = String.raw`
$days = 7
$since = (Get-Date).AddDays(-$days)
$cap = 500
$queries = @(
  @{ provider = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'; ids = @(1050, 1051, 1052, 1053, 1054, 1055, 1056, 1057, 1058, 1059) },
  @{ provider = 'Schannel'; ids = @(36870, 36871, 36874, 36887, 36888) }
)
$groups = New-Object System.Collections.ArrayList
foreach ($q in $queries) {
  $events = @()
  try {
    $events = @(Get-WinEvent -FilterHashtable @{ LogName = 'System'; ProviderName = $q.provider; Id = $q.ids; StartTime = $since } -MaxEvents $cap -ErrorAction Stop)
  } catch {
    if (-not (Test-RdNotFound $_)) { Add-RdError $q.provider $_ }
    continue
  }
  foreach ($g in @($events | Group-Object -Property Id)) {
    $latest = @($g.Group | Sort-Object -Property TimeCreated -Descending)[0]
    $message = $null
    try { $message = [string]$latest.Message } catch { }
    if ($message -and $message.Length -gt 600) { $message = $message.Substring(0, 600) }
    $codes = New-Object System.Collections.ArrayList
    if ([int]$g.Name -eq 36887 -or [int]$g.Name -eq 36888) {
      foreach ($e in $g.Group) {
        try { $c = [int]$e.Properties[0].Value; if (-not $codes.Contains($c)) { [void]$codes.Add($c) } } catch { }
      }
    }
    [void]$groups.Add(@{ provider = $q.provider; id = [int]$g.Name; count = [int]$g.Count; latestTime = (Get-RdDate $latest.TimeCreated); latestMessage = $message; alertCodes = @($codes); capped = ($events.Count -ge $cap) })
  }
}
Write-RdResult @{ days = $days; since = (Get-RdDate $since); groups = @($groups) }
`;

// ---- fixes (run elevated) ---------------------------------------------------------------------

const FIX_FIREWALL_APPLY = String.raw`
$valid = @('Domain', 'Private', 'Public')
$profiles = @()
foreach ($p in @($in.profiles)) { if ($valid -contains [string]$p -and $profiles -notcontains [string]$p) { $profiles += [string]$p } }
if ($profiles.Count -eq 0) { throw 'RDPDOCTOR: no firewall profile was given.' }
$port = 3389
$p = Get-RegValue (Get-RdListenerKey) 'PortNumber'
if ($null -ne $p) { $port = [int]$p }
$before = New-Object System.Collections.ArrayList
$covered = @{}
foreach ($n in @('RemoteDesktop-UserMode-In-TCP', 'RemoteDesktop-UserMode-In-UDP')) {
  $r = Get-NetFirewallRule -Name $n -ErrorAction SilentlyContinue
  if ($null -eq $r) { continue }
  [void]$before.Add(@{ name = $n; enabled = [string]$r.Enabled })
  if ($port -eq 3389) {
    Enable-NetFirewallRule -Name $n
    if ($n -like '*-TCP') {
      $prof = [string]$r.Profile
      if ($prof -eq 'Any') { foreach ($x in $valid) { $covered[$x] = $true } }
      else { foreach ($x in $prof.Split(',')) { $covered[$x.Trim()] = $true } }
    }
  }
}
$created = New-Object System.Collections.ArrayList
$missing = @($profiles | Where-Object { -not $covered[$_] })
if ($missing.Count -gt 0) {
  foreach ($proto in @('TCP', 'UDP')) {
    $name = 'RDPDoctor-RemoteDesktop-In-' + $proto + '-' + $port
    $existing = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
    if ($existing) {
      [void]$before.Add(@{ name = $name; enabled = [string]$existing.Enabled; profile = [string]$existing.Profile })
      Set-NetFirewallRule -Name $name -Enabled True -Profile $missing
    } else {
      New-NetFirewallRule -Name $name -DisplayName ('Remote Desktop (RDP Doctor) ' + $proto + ' ' + $port) -Description 'Created by RDP Doctor: allows Remote Desktop on the port the listener uses.' -Direction Inbound -Action Allow -Protocol $proto -LocalPort $port -Profile $missing -Enabled True | Out-Null
      [void]$created.Add($name)
    }
  }
}
Write-RdResult @{ port = $port; profiles = $profiles; before = @($before); created = @($created) }
`;

const FIX_FIREWALL_UNDO = String.raw`
$done = New-Object System.Collections.ArrayList
foreach ($b in @($in.before)) {
  $n = [string]$b.name
  if ($n -notmatch '^(RemoteDesktop-UserMode-In-(TCP|UDP)|RDPDoctor-RemoteDesktop-In-(TCP|UDP)-\d{1,5})$') { continue }
  if ([string]$b.enabled -eq 'True') { Enable-NetFirewallRule -Name $n } else { Disable-NetFirewallRule -Name $n }
  if ($b.profile -and [string]$b.profile -match '^[A-Za-z, ]+$') { Set-NetFirewallRule -Name $n -Profile (([string]$b.profile).Split(',') | ForEach-Object { $_.Trim() }) }
  [void]$done.Add($n)
}
foreach ($c in @($in.created)) {
  $n = [string]$c
  if ($n -notmatch '^RDPDoctor-RemoteDesktop-In-(TCP|UDP)-\d{1,5}$') { continue }
  Remove-NetFirewallRule -Name $n -ErrorAction SilentlyContinue
  [void]$done.Add($n)
}
Write-RdResult @{ restored = @($done) }
`;

const FIX_REGENERATE_CERT = String.raw`
$store = 'Cert:\LocalMachine\Remote Desktop'
$want = $null
if ($in.thumbprint) {
  $want = ([string]$in.thumbprint).ToUpperInvariant()
  if ($want -notmatch '^[0-9A-F]{40}$') { throw 'RDPDOCTOR: invalid thumbprint.' }
}
$targets = @()
foreach ($c in @(Get-ChildItem -LiteralPath $store -ErrorAction Stop)) {
  if ($c.Subject -ne $c.Issuer) { continue }
  if ($want -and $c.Thumbprint -ne $want) { continue }
  $targets += $c
}
if ($targets.Count -eq 0) { throw 'RDPDOCTOR-NOT-FOUND: no matching self-signed certificate in the Remote Desktop store.' }
$dir = New-RdUndoDir ([string]$in.undoId)
$removed = New-Object System.Collections.ArrayList
$gone = @()
foreach ($c in $targets) {
  $t = [string]$c.Thumbprint
  $cer = Join-Path $dir ($t + '.cer')
  Export-Certificate -Cert $c -FilePath $cer -Type CERT | Out-Null
  $pfxPath = $null
  try {
    $pw = [guid]::NewGuid().ToString('N') + [guid]::NewGuid().ToString('N')
    $sec = ConvertTo-SecureString -String $pw -AsPlainText -Force
    $pfx = Join-Path $dir ($t + '.pfx')
    Export-PfxCertificate -Cert $c -FilePath $pfx -Password $sec -ErrorAction Stop | Out-Null
    [System.IO.File]::WriteAllText((Join-Path $dir ($t + '.pfx.password')), $pw)
    $pfxPath = $pfx
  } catch { Add-RdError ('export-pfx:' + $t) $_ }
  [void]$removed.Add(@{ thumbprint = $t; subject = [string]$c.Subject; notAfter = (Get-RdDate $c.NotAfter); cer = $cer; pfx = $pfxPath })
  Remove-Item -LiteralPath ($store + '\' + $t) -Force
  $gone += $t
}
Restart-Service -Name 'SessionEnv' -Force
$new = $null
for ($i = 0; $i -lt 30 -and $null -eq $new; $i++) {
  Start-Sleep -Seconds 1
  foreach ($c in @(Get-ChildItem -LiteralPath $store -ErrorAction SilentlyContinue)) { if ($gone -notcontains [string]$c.Thumbprint) { $new = $c } }
}
$newThumb = $null; $newNotAfter = $null
if ($new) { $newThumb = [string]$new.Thumbprint; $newNotAfter = (Get-RdDate $new.NotAfter) }
Write-RdResult @{ undoDir = $dir; removed = @($removed); newThumbprint = $newThumb; newNotAfter = $newNotAfter }
`;

const FIX_REGENERATE_CERT_UNDO = String.raw`
$store = 'Cert:\LocalMachine\Remote Desktop'
$dir = Get-RdUndoDir ([string]$in.undoId)
$restored = New-Object System.Collections.ArrayList
$missing = New-Object System.Collections.ArrayList
foreach ($t0 in @($in.thumbprints)) {
  $t = ([string]$t0).ToUpperInvariant()
  if ($t -notmatch '^[0-9A-F]{40}$') { continue }
  $pfx = Join-Path $dir ($t + '.pfx')
  $pwFile = Join-Path $dir ($t + '.pfx.password')
  if ((Test-Path -LiteralPath $pfx) -and (Test-Path -LiteralPath $pwFile)) {
    $sec = ConvertTo-SecureString -String ([System.IO.File]::ReadAllText($pwFile)) -AsPlainText -Force
    Import-PfxCertificate -FilePath $pfx -CertStoreLocation $store -Password $sec | Out-Null
    [void]$restored.Add($t)
  } else { [void]$missing.Add($t) }
}
Write-RdResult @{ restored = @($restored); notRestorable = @($missing) }
`;

const FIX_KEYFILE_ACL = String.raw`
$guid = Get-RegValue 'HKLM:\SOFTWARE\Microsoft\Cryptography' 'MachineGuid'
if (-not $guid) { throw 'RDPDOCTOR-NOT-FOUND: MachineGuid is missing.' }
$file = Join-Path (Get-RdMachineKeysDir) ('f686aace6942fb7f7ceb231212eef4a4_' + [string]$guid)
if (-not (Test-Path -LiteralPath $file)) { throw 'RDPDOCTOR-NOT-FOUND: the Remote Desktop key file does not exist.' }
$dir = New-RdUndoDir ([string]$in.undoId)
$save = Join-Path $dir 'keyfile.acl'
$null = & icacls.exe $file '/save' $save
if ($LASTEXITCODE -ne 0) { throw ('icacls /save failed with exit code ' + $LASTEXITCODE) }
$null = & icacls.exe $file '/remove:d' '*S-1-5-20'
$null = & icacls.exe $file '/grant' '*S-1-5-20:(R)' '*S-1-5-18:(F)' '*S-1-5-32-544:(F)'
if ($LASTEXITCODE -ne 0) { throw ('icacls /grant failed with exit code ' + $LASTEXITCODE + ' (Access is denied?)') }
if ($in.restartSessionEnv -eq $true) { Restart-Service -Name 'SessionEnv' -Force }
Write-RdResult @{ file = $file; aclBackup = $save; undoDir = $dir }
`;

const FIX_KEYFILE_ACL_UNDO = String.raw`
$dir = Get-RdUndoDir ([string]$in.undoId)
$save = Join-Path $dir 'keyfile.acl'
if (-not (Test-Path -LiteralPath $save)) { throw 'RDPDOCTOR-NOT-FOUND: the saved permissions are gone.' }
$null = & icacls.exe (Get-RdMachineKeysDir) '/restore' $save
if ($LASTEXITCODE -ne 0) { throw ('icacls /restore failed with exit code ' + $LASTEXITCODE) }
Write-RdResult @{ restoredFrom = $save }
`;

const FIX_REBUILD_MACHINEKEYS = String.raw`
$mk = Get-RdMachineKeysDir
$parent = Split-Path -Parent $mk
$id = [string]$in.undoId
$dir = New-RdUndoDir $id
$backupName = 'MachineKeys.rdpdoctor-' + $id
$backup = Join-Path $parent $backupName
if (Test-Path -LiteralPath $backup) { throw 'RDPDOCTOR: a backup with this id already exists.' }
$null = & icacls.exe $mk '/save' (Join-Path $dir 'machinekeys.acl') '/t' '/c'
$acl = Get-Acl -LiteralPath $mk
Rename-Item -LiteralPath $mk -NewName $backupName
try {
  New-Item -ItemType Directory -Path $mk | Out-Null
  try { Set-Acl -LiteralPath $mk -AclObject $acl }
  catch {
    $sec = New-Object System.Security.AccessControl.DirectorySecurity
    $sec.SetSecurityDescriptorSddlForm($acl.GetSecurityDescriptorSddlForm([System.Security.AccessControl.AccessControlSections]::Access))
    [System.IO.Directory]::SetAccessControl($mk, $sec)
  }
} catch {
  if (Test-Path -LiteralPath $mk) { Remove-Item -LiteralPath $mk -Force -Recurse -ErrorAction SilentlyContinue }
  Rename-Item -LiteralPath $backup -NewName 'MachineKeys'
  throw
}
Restart-Service -Name 'SessionEnv' -Force
Write-RdResult @{ backup = $backup; undoDir = $dir }
`;

const FIX_REBUILD_MACHINEKEYS_UNDO = String.raw`
$mk = Get-RdMachineKeysDir
$parent = Split-Path -Parent $mk
$id = [string]$in.undoId
$null = Get-RdUndoDir $id
$backup = Join-Path $parent ('MachineKeys.rdpdoctor-' + $id)
if (-not (Test-Path -LiteralPath $backup)) { throw 'RDPDOCTOR-NOT-FOUND: the backup folder is gone.' }
$replaced = 'MachineKeys.rdpdoctor-replaced-' + $id
if (Test-Path -LiteralPath $mk) { Rename-Item -LiteralPath $mk -NewName $replaced }
Rename-Item -LiteralPath $backup -NewName 'MachineKeys'
Restart-Service -Name 'SessionEnv' -Force
Write-RdResult @{ restored = $mk; setAside = (Join-Path $parent $replaced) }
`;

const FIX_SET_NLA = String.raw`
$g = Get-RdTsSetting
if (-not $g) { throw 'RDPDOCTOR-NOT-FOUND: the RDP-Tcp listener is not in WMI.' }
$before = [int]$g.UserAuthenticationRequired
$value = 0
if ($in.required -eq $true) { $value = 1 }
$r = Invoke-CimMethod -InputObject $g -MethodName 'SetUserAuthenticationRequired' -Arguments @{ UserAuthenticationRequired = [uint32]$value }
if ($r.ReturnValue -ne 0) { throw ('SetUserAuthenticationRequired returned ' + $r.ReturnValue) }
Write-RdResult @{ before = $before; after = $value }
`;

const FIX_SET_SECURITY_LAYER = String.raw`
$g = Get-RdTsSetting
if (-not $g) { throw 'RDPDOCTOR-NOT-FOUND: the RDP-Tcp listener is not in WMI.' }
$value = [int]$in.securityLayer
if ($value -lt 0 -or $value -gt 2) { throw 'RDPDOCTOR: invalid security layer.' }
$before = [int]$g.SecurityLayer
$r = Invoke-CimMethod -InputObject $g -MethodName 'SetSecurityLayer' -Arguments @{ SecurityLayer = [uint32]$value }
if ($r.ReturnValue -ne 0) { throw ('SetSecurityLayer returned ' + $r.ReturnValue) }
Write-RdResult @{ before = $before; after = $value }
`;

const FIX_ENABLE_RDP = String.raw`
$ts = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
$beforeDeny = Get-RegValue $ts 'fDenyTSConnections'
$rules = New-Object System.Collections.ArrayList
try { foreach ($r in @(Get-NetFirewallRule -Group '@FirewallAPI.dll,-28752' -ErrorAction Stop)) { [void]$rules.Add(@{ name = [string]$r.Name; enabled = [string]$r.Enabled }) } }
catch { if (-not (Test-RdNotFound $_)) { throw } }
$s = @(Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName 'Win32_TerminalServiceSetting' -ErrorAction Stop) | Select-Object -First 1
$r = Invoke-CimMethod -InputObject $s -MethodName 'SetAllowTSConnections' -Arguments @{ AllowTSConnections = [uint32]1; ModifyFirewallException = [uint32]1 }
if ($r.ReturnValue -ne 0) { throw ('SetAllowTSConnections returned ' + $r.ReturnValue) }
Write-RdResult @{ beforeDeny = $beforeDeny; rules = @($rules) }
`;

const FIX_ENABLE_RDP_UNDO = String.raw`
if ($in.beforeDeny -ne 0) {
  $s = @(Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName 'Win32_TerminalServiceSetting' -ErrorAction Stop) | Select-Object -First 1
  $r = Invoke-CimMethod -InputObject $s -MethodName 'SetAllowTSConnections' -Arguments @{ AllowTSConnections = [uint32]0; ModifyFirewallException = [uint32]0 }
  if ($r.ReturnValue -ne 0) { throw ('SetAllowTSConnections returned ' + $r.ReturnValue) }
}
$done = New-Object System.Collections.ArrayList
foreach ($b in @($in.rules)) {
  $n = [string]$b.name
  if ($n -notmatch '^[A-Za-z0-9._-]{1,100}$') { continue }
  if ([string]$b.enabled -eq 'True') { Enable-NetFirewallRule -Name $n -ErrorAction SilentlyContinue } else { Disable-NetFirewallRule -Name $n -ErrorAction SilentlyContinue }
  [void]$done.Add($n)
}
Write-RdResult @{ rules = @($done) }
`;

const FIX_START_SERVICES = String.raw`
$before = New-Object System.Collections.ArrayList
foreach ($n in @('TermService', 'SessionEnv', 'UmRdpService')) {
  $s = Get-Service -Name $n -ErrorAction SilentlyContinue
  if ($null -eq $s) { continue }
  [void]$before.Add(@{ name = $n; status = [string]$s.Status; startType = [string]$s.StartType })
  if ([string]$s.StartType -eq 'Disabled') { Set-Service -Name $n -StartupType Manual }
  if ([string]$s.Status -ne 'Running') { Start-Service -Name $n }
}
Write-RdResult @{ before = @($before) }
`;

const FIX_START_SERVICES_UNDO = String.raw`
$done = New-Object System.Collections.ArrayList
$list = @($in.before)
[array]::Reverse($list)
foreach ($b in $list) {
  $n = [string]$b.name
  if (@('TermService', 'SessionEnv', 'UmRdpService') -notcontains $n) { continue }
  if ([string]$b.status -eq 'Stopped') { Stop-Service -Name $n -Force -ErrorAction SilentlyContinue }
  if (@('Automatic', 'Manual', 'Disabled') -contains [string]$b.startType) { Set-Service -Name $n -StartupType ([string]$b.startType) }
  [void]$done.Add($n)
}
Write-RdResult @{ restored = @($done) }
`;

const REMOTE_REPAIR = String.raw`
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
`;

// ---- registry -----------------------------------------------------------------------------------

const port = z.number().int().min(1).max(65535);
const undoId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
const thumbprint = z.string().regex(/^[0-9A-Fa-f]{40}$/);
const ruleState = z.object({ name: z.string().max(128), enabled: z.string().max(16), profile: z.string().max(64).optional() });

export const SCRIPTS = {
  'client-firewall': { input: z.object({ port }).strict(), body: CLIENT_FIREWALL },
  'security-suites': { input: z.object({}).strict(), body: SECURITY_SUITES },
  'credssp-policy': { input: z.object({}).strict(), body: CREDSSP_POLICY },
  schannel: { input: z.object({}).strict(), body: SCHANNEL },
  vpn: { input: z.object({}).strict(), body: VPN },
  'nic-power': { input: z.object({}).strict(), body: NIC_POWER },
  'accepted-cert': { input: z.object({ host: z.string().min(1).max(300), port }).strict(), body: ACCEPTED_CERT },
  'rdp-listener': { input: z.object({}).strict(), body: RDP_LISTENER },
  'cert-store': { input: z.object({}).strict(), body: CERT_STORE },
  'key-file': { input: z.object({}).strict(), body: KEY_FILE },
  services: { input: z.object({}).strict(), body: SERVICES },
  'server-firewall': { input: z.object({}).strict(), body: SERVER_FIREWALL },
  events: { input: z.object({}).strict(), body: EVENTS },
  'fix-firewall-apply': { input: z.object({ undoId, profiles: z.array(z.enum(['Domain', 'Private', 'Public'])).min(1).max(3) }).strict(), body: FIX_FIREWALL_APPLY },
  'fix-firewall-undo': { input: z.object({ before: z.array(ruleState).max(10), created: z.array(z.string().max(64)).max(4) }).strict(), body: FIX_FIREWALL_UNDO },
  'fix-regenerate-cert': { input: z.object({ undoId, thumbprint: thumbprint.nullable() }).strict(), body: FIX_REGENERATE_CERT },
  'fix-regenerate-cert-undo': { input: z.object({ undoId, thumbprints: z.array(thumbprint).max(20) }).strict(), body: FIX_REGENERATE_CERT_UNDO },
  'fix-keyfile-acl': { input: z.object({ undoId, restartSessionEnv: z.boolean() }).strict(), body: FIX_KEYFILE_ACL },
  'fix-keyfile-acl-undo': { input: z.object({ undoId }).strict(), body: FIX_KEYFILE_ACL_UNDO },
  'fix-rebuild-machinekeys': { input: z.object({ undoId }).strict(), body: FIX_REBUILD_MACHINEKEYS },
  'fix-rebuild-machinekeys-undo': { input: z.object({ undoId }).strict(), body: FIX_REBUILD_MACHINEKEYS_UNDO },
  'fix-set-nla': { input: z.object({ required: z.boolean() }).strict(), body: FIX_SET_NLA },
  'fix-set-security-layer': { input: z.object({ securityLayer: z.union([z.literal(0), z.literal(1), z.literal(2)]) }).strict(), body: FIX_SET_SECURITY_LAYER },
  'fix-enable-rdp': { input: z.object({}).strict(), body: FIX_ENABLE_RDP },
  'fix-enable-rdp-undo': { input: z.object({ beforeDeny: z.number().int().nullable(), rules: z.array(ruleState).max(20) }).strict(), body: FIX_ENABLE_RDP_UNDO },
  'fix-start-services': { input: z.object({}).strict(), body: FIX_START_SERVICES },
  'fix-start-services-undo': {
    input: z.object({ before: z.array(z.object({ name: z.string().max(32), status: z.string().max(32), startType: z.string().max(32) })).max(3) }).strict(),
    body: FIX_START_SERVICES_UNDO,
  },
  'remote-repair': {
    input: z
      .object({
        host: z.string().regex(/^[A-Za-z0-9._:-]{1,253}$/),
        action: z.enum(['certificate', 'enable-rdp', 'firewall', 'security-layer']),
        thumbprint: thumbprint.nullable(),
        useSsl: z.boolean(),
      })
      .strict(),
    body: REMOTE_REPAIR,
  },
} as const satisfies Record<string, { input: z.ZodType; body: string }>;

export type ScriptId = keyof typeof SCRIPTS;
export const SCRIPT_IDS = Object.keys(SCRIPTS) as ScriptId[];
export type ScriptInput<S extends ScriptId> = z.input<(typeof SCRIPTS)[S]['input']>;

/** The whole text PowerShell runs for a script: the prelude, then the script's body. */
export function fullScriptText(scriptId: ScriptId): string {
  return `${PRELUDE}\n${SCRIPTS[scriptId].body}`;
}
