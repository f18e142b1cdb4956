# The tie between a fix's preview and what its script does (issue 10.5): the fixtures in preview/
# (<fix>.<scenario>.json) hold a machine, the fix's input and the changes expected, and the same
# fixture is read by electron/fixes/previewFixtures.test.ts, which runs describe() on it. Here the
# machine is loaded into FakeMachine.psm1, the script runs, and what it did is normalized to a sorted
# list of distinct 'kind location' lines. The TypeScript twin of these rules is
# electron/fixes/previewFixtures.ts; keep the two in step.
#
# Normalization (one line per distinct kind and location):
#   registry     a registry value: its key without the provider colon, then \name
#                (HKLM\SYSTEM\...\RDP-Tcp\UserAuthentication)
#   firewall     a firewall rule: its Name (never the localized display name)
#   certificate  a certificate: its store, then \thumbprint (Remote Desktop\0F1E...)
#   service      a service: its short name (TermService), for a start, stop, restart or start type
#   file         a file or folder: its path, for its owner, permissions, creation or removal
# What counts: every write the script makes (the fake machine's journal; a write of the value already
# there counts, as the script did make it) and every difference between the machine before and after.
# A rename counts at the path renamed (its new name is that change's after). A path inside a folder
# that is itself changed counts as that folder. RDP Doctor's own undo folder (ProgramData\RDPDoctor)
# is bookkeeping, not a change to the machine, and is left out.

$script:RdPreviewDir = Join-Path $PSScriptRoot 'preview'
$script:RdUndoRoot = 'C:\ProgramData\RDPDoctor'

function Get-RdPreviewFixtures {
  return @(Get-ChildItem -LiteralPath $script:RdPreviewDir -File -Filter '*.json' | Sort-Object Name | ForEach-Object {
      @{ Name = $_.BaseName; Fixture = (ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($_.FullName))) }
    })
}

function ConvertTo-RdHashtable($Object) {
  $h = @{}
  if ($null -eq $Object) { return $h }
  foreach ($p in $Object.PSObject.Properties) { $h[$p.Name] = $p.Value }
  return $h
}

function ConvertFrom-RdHex([string]$Hex) {
  $bytes = New-Object byte[] ($Hex.Length / 2)
  for ($i = 0; $i -lt $bytes.Length; $i++) { $bytes[$i] = [Convert]::ToByte($Hex.Substring($i * 2, 2), 16) }
  return , $bytes
}

# A fixture's machine into the fake: Windows as installed (Initialize-RdFakeWindows), then its
# registry values (null removes one; binary: hex), firewall rules, certificates, services (exists:
# false removes one) and files (owner and ACL entries).
function Import-RdPreviewMachine($Machine) {
  Initialize-RdFakeWindows -MachineGuid ([string]$Machine.machineGuid) -KeyFile:([bool]$Machine.keyFile)
  $state = Get-FmState
  foreach ($v in @($Machine.registry)) {
    if ($null -eq $v) { continue }
    $path = [string]$v.path
    if ($null -eq $v.value) {
      if ($state.Registry.ContainsKey($path)) { $state.Registry[$path].Remove([string]$v.name) }
      continue
    }
    $value = $v.value
    if ($v.binary -eq $true) { $value = ConvertFrom-RdHex ([string]$v.value) }
    Set-FmRegistryValue $path ([string]$v.name) $value
  }
  foreach ($r in @($Machine.rules)) { if ($null -ne $r) { Add-FmFirewallRule (ConvertTo-RdHashtable $r) } }
  foreach ($c in @($Machine.certificates)) {
    if ($null -eq $c) { continue }
    New-FmStore ([string]$c.store)
    Add-FmCertificate ([string]$c.store) ([pscustomobject]@{ Thumbprint = [string]$c.thumbprint; Subject = [string]$c.subject; Issuer = [string]$c.issuer; NotBefore = [datetime]$c.notBefore; NotAfter = [datetime]$c.notAfter })
  }
  foreach ($s in @($Machine.services)) {
    if ($null -eq $s) { continue }
    if ($s.exists -eq $false) { $state.Services.Remove([string]$s.name); continue }
    Add-FmService ([string]$s.name) ([string]$s.status) ([string]$s.startType)
  }
  foreach ($f in @($Machine.files)) {
    if ($null -eq $f) { continue }
    $acl = @($f.acl | Where-Object { $null -ne $_ } | ForEach-Object { New-FmAce ([string]$_.sid) ([string]$_.rights) ([string]$_.type) ([bool]$_.inherited) })
    if ($f.kind -eq 'Directory') {
      $existing = Get-FmFile ([string]$f.path)
      $inheritable = $null
      if ($existing) { $inheritable = $existing.Inheritable }
      Add-FmDirectory ([string]$f.path) ([string]$f.owner) $acl $inheritable
    } else { Add-FmFile ([string]$f.path) ([string]$f.owner) $acl 'key' }
  }
}

# One journal line of FakeMachine.psm1 as @{ kind; location } (and rename: the path's new full path).
function ConvertFrom-RdJournalLine([string]$Line) {
  if ($Line -match '^registry (set|remove) (.+)$') { return @{ kind = 'registry'; location = $Matches[2] } }
  if ($Line -match '^firewall (\S+) ') { return @{ kind = 'firewall'; location = $Matches[1] } }
  if ($Line -match '^certificate (removed|imported) (.+)$') { return @{ kind = 'certificate'; location = $Matches[2] } }
  if ($Line -match '^service (\S+) ') { return @{ kind = 'service'; location = $Matches[1] } }
  if ($Line -match '^renamed (.+) -> (.+)$') {
    $from = $Matches[1]
    return @{ kind = 'file'; location = $from; renamedTo = ($from.Substring(0, $from.LastIndexOf('\') + 1) + $Matches[2]) }
  }
  if ($Line -match '^(folder created|removed|acl set|acl restored) (.+)$') { return @{ kind = 'file'; location = $Matches[2] } }
  if ($Line -match '^owner (.+) \*?S-1-[0-9-]+$') { return @{ kind = 'file'; location = $Matches[1] } }
  if ($Line -match '^acl (.+) /\S+$') { return @{ kind = 'file'; location = $Matches[1] } }
  # A journal line these rules do not know must not be dropped silently.
  throw ('PreviewChanges: no normalization rule for the journal line ''' + $Line + '''')
}

function Get-RdObjectNames($Object) {
  if ($null -eq $Object) { return @() }
  return @($Object.PSObject.Properties | ForEach-Object { $_.Name })
}
function Test-RdSameJson($A, $B) { return ((ConvertTo-Json -InputObject $A -Depth 6 -Compress) -eq (ConvertTo-Json -InputObject $B -Depth 6 -Compress)) }

# What differs between two snapshots (Get-FmSnapshot) as @{ kind; location } items.
function Compare-RdPreviewSnapshot([string]$Before, [string]$After) {
  $a = ConvertFrom-Json -InputObject $Before
  $b = ConvertFrom-Json -InputObject $After
  $out = New-Object System.Collections.ArrayList
  foreach ($key in @(@(Get-RdObjectNames $a.registry) + @(Get-RdObjectNames $b.registry) | Sort-Object -Unique)) {
    $x = $a.registry.$key
    $y = $b.registry.$key
    foreach ($n in @(@(Get-RdObjectNames $x) + @(Get-RdObjectNames $y) | Sort-Object -Unique)) {
      $vx = $null; $vy = $null
      if ($null -ne $x) { $vx = $x.$n }
      if ($null -ne $y) { $vy = $y.$n }
      if (-not (Test-RdSameJson $vx $vy)) { [void]$out.Add(@{ kind = 'registry'; location = ($key + '\' + $n) }) }
    }
  }
  foreach ($n in @(@(Get-RdObjectNames $a.rules) + @(Get-RdObjectNames $b.rules) | Sort-Object -Unique)) {
    if (-not (Test-RdSameJson $a.rules.$n $b.rules.$n)) { [void]$out.Add(@{ kind = 'firewall'; location = $n }) }
  }
  foreach ($s in @(@(Get-RdObjectNames $a.stores) + @(Get-RdObjectNames $b.stores) | Sort-Object -Unique)) {
    $x = @($a.stores.$s | Where-Object { $_ })
    $y = @($b.stores.$s | Where-Object { $_ })
    foreach ($t in @(@($x | Where-Object { $y -notcontains $_ }) + @($y | Where-Object { $x -notcontains $_ }))) { [void]$out.Add(@{ kind = 'certificate'; location = ($s + '\' + $t) }) }
  }
  foreach ($n in @(@(Get-RdObjectNames $a.services) + @(Get-RdObjectNames $b.services) | Sort-Object -Unique)) {
    if (-not (Test-RdSameJson $a.services.$n $b.services.$n)) { [void]$out.Add(@{ kind = 'service'; location = $n }) }
  }
  foreach ($n in @(@(Get-RdObjectNames $a.files) + @(Get-RdObjectNames $b.files) | Sort-Object -Unique)) {
    if (-not (Test-RdSameJson $a.files.$n $b.files.$n)) { [void]$out.Add(@{ kind = 'file'; location = $n }) }
  }
  return @($out)
}

function Test-RdUnder([string]$Path, [string]$Folder) { return ($Path -eq $Folder -or $Path.StartsWith($Folder + '\', [StringComparison]::OrdinalIgnoreCase)) }

# The journal lines and the snapshot difference of one run, normalized: sorted distinct 'kind location' lines.
function Get-RdPreviewChanges([string[]]$Journal, [string]$Before, [string]$After) {
  $items = New-Object System.Collections.ArrayList
  $renames = @{}
  foreach ($line in @($Journal | Where-Object { $_ })) {
    $c = ConvertFrom-RdJournalLine $line
    if ($c.renamedTo) { $renames[$c.renamedTo] = $c.location }
    [void]$items.Add($c)
  }
  foreach ($c in @(Compare-RdPreviewSnapshot $Before $After)) { [void]$items.Add($c) }
  $lines = New-Object System.Collections.ArrayList
  foreach ($c in $items) {
    $loc = [string]$c.location
    if ($c.kind -eq 'registry') { $loc = $loc -replace '^(HK[A-Z_]+):\\', '$1\' }
    if ($c.kind -eq 'file') {
      foreach ($to in $renames.Keys) { if (Test-RdUnder $loc $to) { $loc = $renames[$to] + $loc.Substring($to.Length) } }
      if (Test-RdUnder $loc $script:RdUndoRoot) { continue }
    }
    [void]$lines.Add(@{ kind = [string]$c.kind; location = $loc })
  }
  $files = @($lines | Where-Object { $_.kind -eq 'file' } | ForEach-Object { $_.location })
  $result = @($lines | Where-Object {
      $c = $_
      if ($c.kind -ne 'file') { return $true }
      return (@($files | Where-Object { $_ -ne $c.location -and (Test-RdUnder $c.location $_) }).Count -eq 0)
    } | ForEach-Object { $_.kind + ' ' + $_.location } | Sort-Object -Unique)
  return $result
}

# A fixture's expected changes in the same form.
function Get-RdExpectedChanges($Fixture) {
  return @($Fixture.changes | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_.kind + ' ' + [string]$_.location } | Sort-Object -Unique)
}

# ---- the fixture's two forms of one machine ---------------------------------------------------------
# A fixture holds the machine twice: `machine` for the fake, `checks` (the checks' recorded output) for
# describe(). The check scripts that the fake machine can answer (cert-store, key-file,
# listener-settings, services) run on it, and what describe() reads from their output must equal the
# fixture's recording. server-firewall reads seams the fake does not model; its rules and port are
# compared with the machine's directly.
function ConvertTo-RdIsoDate($Value) {
  if ($null -eq $Value -or [string]$Value -eq '') { return $null }
  return ([datetime]$Value).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
}
function Get-RdCheckProjection([string]$CheckId, $Output) {
  switch ($CheckId) {
    'cert-store' {
      return [ordered]@{
        inUse = [string]$Output.inUse; configured = [string]$Output.configured
        certificates = @($Output.certificates | Where-Object { $null -ne $_ } | ForEach-Object { [ordered]@{ store = [string]$_.store; thumbprint = [string]$_.thumbprint; subject = [string]$_.subject; issuer = [string]$_.issuer; notBefore = (ConvertTo-RdIsoDate $_.notBefore); notAfter = (ConvertTo-RdIsoDate $_.notAfter) } } | Sort-Object { $_.thumbprint })
      }
    }
    'key-file' {
      return [ordered]@{
        machineGuid = [string]$Output.machineGuid; path = [string]$Output.path; exists = [bool]$Output.exists; owner = [string]$Output.owner; aclReadable = [bool]$Output.aclReadable
        acl = @($Output.acl | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_.type + ' ' + [string]$_.sid + ' ' + [string]$_.rights })
      }
    }
    'listener-settings' {
      $p = [ordered]@{}
      foreach ($n in @('fDenyTSConnections', 'PortNumber', 'UserAuthentication', 'SecurityLayer')) { $p['registry.' + $n] = $Output.registry.$n; $p['policy.' + $n] = $Output.policy.$n }
      foreach ($n in @('SecurityLayer', 'UserAuthenticationRequired', 'AllowTSConnections')) { $p['wmi.' + $n] = $Output.wmi.$n }
      return $p
    }
    'services' { return @($Output.services | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_.name + ' exists=' + [string]$_.exists + ' ' + [string]$_.status + ' ' + [string]$_.startType }) }
    'server-firewall' {
      return [ordered]@{ listenerPort = [int]$Output.listenerPort; rules = @($Output.remoteDesktopRules | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_.name + ' ' + [string]$_.group + ' ' + [string]$_.enabled + ' ' + [string]$_.profile } | Sort-Object) }
    }
  }
  throw ('PreviewChanges: no projection for the check ' + $CheckId)
}
# The same projection of the fake machine (loaded, seams mocked): the check script's own output, or for
# server-firewall the machine's Remote Desktop rules and listener port.
function Get-RdMachineProjection([string]$CheckId) {
  if ($CheckId -eq 'server-firewall') {
    $state = Get-FmState
    $port = 3389
    $k = Get-FmRegistryKey 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
    if ($k -and $null -ne $k.GetValue('PortNumber', $null)) { $port = [int]$k.GetValue('PortNumber', $null) }
    $rules = @($state.Rules.Values | Where-Object { $_.Group -eq '@FirewallAPI.dll,-28752' -or $_.Name -like 'RemoteDesktop-*' } | ForEach-Object { @{ name = $_.Name; group = $_.Group; enabled = $_.Enabled; profile = $_.Profile } })
    return (Get-RdCheckProjection $CheckId ([pscustomobject]@{ listenerPort = $port; remoteDesktopRules = @($rules | ForEach-Object { [pscustomobject]$_ }) }))
  }
  return (Get-RdCheckProjection $CheckId (Invoke-RdScript ('checks/' + $CheckId + '.ps1')))
}

# Runs the fixture's script whole against its machine (the seams mocked by Use-RdFakeMachine, which
# the caller set up); returns @{ changes = <normalized lines>; error = <the script's fatal error> }.
function Invoke-RdPreviewFixture($Fixture) {
  Clear-FmJournal
  $before = Get-FmSnapshot
  $run = Invoke-RdScriptCapture ([string]$Fixture.script) (ConvertTo-RdHashtable $Fixture.input)
  return @{ changes = @(Get-RdPreviewChanges @(Get-FmJournal) $before (Get-FmSnapshot)); error = $run.error; json = $run.json }
}
