# A Windows machine held in memory for the fix scripts' Pester tests: registry values, firewall
# rules, certificate stores, services, files and folders with owners and ACL entries. The seams
# (seams.ps1) are mocked to read and write it (Use-RdFakeMachine in RdTest.ps1), so a fix script runs
# whole against it: what it changed is the difference between two snapshots, a failure can be made
# to happen at any seam call (Set-FmFailure), and every change is journaled in order.
# The caller is an elevated administrator: its token holds Administrators, Everyone, Users and
# Authenticated Users; it may take ownership of anything; the owner may always read and change an ACL.

$script:AdminToken = @('S-1-5-32-544', 'S-1-1-0', 'S-1-5-32-545', 'S-1-5-11')

function Reset-FakeMachine {
  $script:M = @{
    ProgramData = 'C:\ProgramData'
    Registry = @{}
    Rules = @{}
    Stores = @{}
    Services = @{}
    Files = @{}
    Pfx = @{}
    Journal = New-Object System.Collections.ArrayList
    Failures = @{}
    Calls = New-Object System.Collections.ArrayList
    OnServiceStart = $null
  }
}
Reset-FakeMachine

function ConvertTo-FmPath([string]$Path) { return $Path.Replace('/', '\').TrimEnd('\') }
function Add-FmJournal([string]$Text) { [void]$script:M.Journal.Add($Text) }
function Get-FmJournal { return @($script:M.Journal) }
function Get-FmCalls { return @($script:M.Calls) }
function Clear-FmJournal { $script:M.Journal.Clear(); $script:M.Calls.Clear() }
function Get-FmState { return $script:M }

# A seam call that should fail: the next (or every) call of $Seam whose target matches $Target throws $ErrorRecord.
function Set-FmFailure([string]$Seam, [string]$Target = '*', $ErrorRecord = 'injected failure', [switch]$Always) {
  $script:M.Failures[$Seam + '|' + $Target] = @{ seam = $Seam; target = $Target; error = $ErrorRecord; always = [bool]$Always }
}
function Assert-FmNoFailure([string]$Seam, [string]$Target) {
  [void]$script:M.Calls.Add($Seam + ' ' + $Target)
  foreach ($k in @($script:M.Failures.Keys)) {
    $f = $script:M.Failures[$k]
    if ($f.seam -eq $Seam -and $Target -like $f.target) {
      if (-not $f.always) { $script:M.Failures.Remove($k) }
      throw $f.error
    }
  }
}

# ---- registry -----------------------------------------------------------------------------------
function Set-FmRegistryValue([string]$Path, [string]$Name, $Value) {
  if (-not $script:M.Registry.ContainsKey($Path)) { $script:M.Registry[$Path] = @{} }
  $script:M.Registry[$Path][$Name] = $Value
}
function Get-FmRegistryKey([string]$Path) {
  if (-not $script:M.Registry.ContainsKey($Path)) { return $null }
  $values = @{}
  foreach ($k in $script:M.Registry[$Path].Keys) { $values[$k] = $script:M.Registry[$Path][$k] }
  $key = [pscustomobject]@{ PSChildName = ($Path -split '\\')[-1]; Values = $values }
  $key | Add-Member -MemberType ScriptMethod -Name GetValue -Value { param($n, $d) if ($this.Values.ContainsKey($n)) { , $this.Values[$n] } else { $d } }
  $key | Add-Member -MemberType ScriptMethod -Name GetValueNames -Value { @($this.Values.Keys) }
  return $key
}
function Write-FmRegistryValue([string]$Path, [string]$Name, $Value, [string]$Type) {
  Assert-FmNoFailure 'Set-RdRegistryValue' ($Path + '\' + $Name)
  if (-not $script:M.Registry.ContainsKey($Path)) { throw (New-FmItemNotFound $Path) }
  $script:M.Registry[$Path][$Name] = $Value
  Add-FmJournal ('registry set ' + $Path + '\' + $Name)
}
function Remove-FmRegistryValue([string]$Path, [string]$Name) {
  Assert-FmNoFailure 'Remove-RdRegistryValue' ($Path + '\' + $Name)
  if (-not $script:M.Registry.ContainsKey($Path) -or -not $script:M.Registry[$Path].ContainsKey($Name)) {
    $ex = New-Object System.Management.Automation.PSArgumentException(('Property ' + $Name + ' does not exist at path ' + $Path + '.'))
    throw (New-Object System.Management.Automation.ErrorRecord($ex, 'System.Management.Automation.PSArgumentException,Microsoft.PowerShell.Commands.RemoveItemPropertyCommand', 'InvalidArgument', $Name))
  }
  $script:M.Registry[$Path].Remove($Name)
  Add-FmJournal ('registry remove ' + $Path + '\' + $Name)
}
function New-FmItemNotFound([string]$Path) {
  $ex = New-Object System.Management.Automation.ItemNotFoundException(('Cannot find path ''' + $Path + ''' because it does not exist.'))
  return (New-Object System.Management.Automation.ErrorRecord($ex, 'PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand', 'ObjectNotFound', $Path))
}

# ---- the listener through WMI (Win32_TSGeneralSetting / Win32_TerminalServiceSetting) ----------
$script:ListenerKey = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
$script:TsKey = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
function Get-FmListenerValue([string]$Name, $Default) {
  $k = Get-FmRegistryKey $script:ListenerKey
  if ($null -eq $k) { return $Default }
  return $k.GetValue($Name, $Default)
}
# The thumbprint the listener uses: the configured hash, else the newest self-signed certificate of the Remote Desktop store.
function Get-FmInUseThumbprint {
  $h = $null
  if ($script:M.Registry.ContainsKey($script:ListenerKey)) { $h = $script:M.Registry[$script:ListenerKey]['SSLCertificateSHA1Hash'] }
  if ($h -is [byte[]]) { return (-join ($h | ForEach-Object { $_.ToString('X2') })) }
  $self = @(Get-FmStoreList 'Remote Desktop' | Where-Object { $_.Subject -eq $_.Issuer } | Sort-Object NotBefore -Descending)
  if ($self.Count -gt 0) { return [string]$self[0].Thumbprint }
  return ''
}
function Get-FmCimInstance([string]$Namespace, [string]$ClassName, [string]$Filter) {
  Assert-FmNoFailure 'Get-RdCimInstance' $ClassName
  if ($ClassName -eq 'Win32_TSGeneralSetting') {
    return @([pscustomobject]@{
        CimClass = 'Win32_TSGeneralSetting'; TerminalName = 'RDP-Tcp'
        SecurityLayer = [uint32](Get-FmListenerValue 'SecurityLayer' 2)
        UserAuthenticationRequired = [uint32](Get-FmListenerValue 'UserAuthentication' 1)
        MinEncryptionLevel = [uint32](Get-FmListenerValue 'MinEncryptionLevel' 2)
        SSLCertificateSHA1Hash = (Get-FmInUseThumbprint)
      })
  }
  if ($ClassName -eq 'Win32_TerminalServiceSetting') {
    $k = Get-FmRegistryKey $script:TsKey
    $deny = 1
    if ($k) { $deny = [int]$k.GetValue('fDenyTSConnections', 1) }
    $allow = 1
    if ($deny -ne 0) { $allow = 0 }
    return @([pscustomobject]@{ CimClass = 'Win32_TerminalServiceSetting'; AllowTSConnections = [uint32]$allow })
  }
  return @()
}
function Invoke-FmCimMethod($InputObject, [string]$MethodName, [hashtable]$Arguments) {
  Assert-FmNoFailure 'Invoke-RdCimMethod' $MethodName
  switch ($MethodName) {
    'SetSecurityLayer' { Write-FmRegistryValue $script:ListenerKey 'SecurityLayer' ([int]$Arguments.SecurityLayer) 'DWord' }
    'SetUserAuthenticationRequired' { Write-FmRegistryValue $script:ListenerKey 'UserAuthentication' ([int]$Arguments.UserAuthenticationRequired) 'DWord' }
    'SetAllowTSConnections' {
      $deny = 1
      if ([int]$Arguments.AllowTSConnections -eq 1) { $deny = 0 }
      Write-FmRegistryValue $script:TsKey 'fDenyTSConnections' $deny 'DWord'
      if ([int]$Arguments.ModifyFirewallException -eq 1) {
        foreach ($r in @($script:M.Rules.Values | Where-Object { $_.Group -eq '@FirewallAPI.dll,-28752' })) { Set-FmFirewallRuleEnabled $r.Name ([int]$Arguments.AllowTSConnections -eq 1) }
      }
    }
    default { throw ('FakeMachine: no WMI method ' + $MethodName) }
  }
  return [pscustomobject]@{ ReturnValue = [uint32]0 }
}

# ---- firewall rules -----------------------------------------------------------------------------
function Add-FmFirewallRule([hashtable]$Rule) {
  $r = @{ Name = ''; DisplayName = ''; Group = ''; Enabled = 'True'; Profile = 'Any'; Direction = 'Inbound'; Action = 'Allow'; Protocol = 'TCP'; LocalPort = 'Any' }
  foreach ($k in $Rule.Keys) { $r[$k] = $Rule[$k] }
  $script:M.Rules[$r.Name] = $r
}
function ConvertTo-FmRuleObject($R) { return [pscustomobject]@{ Name = $R.Name; DisplayName = $R.DisplayName; Group = $R.Group; Enabled = $R.Enabled; Profile = $R.Profile; Direction = $R.Direction; Action = $R.Action } }
function Get-FmFirewallRuleByName([string]$Name) {
  Assert-FmNoFailure 'Get-RdFirewallRuleByName' $Name
  if (-not $script:M.Rules.ContainsKey($Name)) { return $null }
  return (ConvertTo-FmRuleObject $script:M.Rules[$Name])
}
function Get-FmFirewallRulesInGroup([string]$Group) {
  Assert-FmNoFailure 'Get-RdFirewallRulesInGroup' $Group
  $found = @($script:M.Rules.Values | Where-Object { $_.Group -eq $Group } | Sort-Object { $_.Name } | ForEach-Object { ConvertTo-FmRuleObject $_ })
  if ($found.Count -eq 0) {
    $ex = New-Object Microsoft.Management.Infrastructure.CimException('No MSFT_NetFirewallRule objects found with property ''Group'' equal to ''' + $Group + '''.')
    throw (New-Object System.Management.Automation.ErrorRecord($ex, 'CmdletizationQuery_NotFound_Group,Get-NetFirewallRule', 'ObjectNotFound', $Group))
  }
  return $found
}
function Assert-FmRule([string]$Name) {
  if (-not $script:M.Rules.ContainsKey($Name)) {
    $ex = New-Object System.Exception(('No MSFT_NetFirewallRule objects found with property ''Name'' equal to ''' + $Name + '''.'))
    throw (New-Object System.Management.Automation.ErrorRecord($ex, 'CmdletizationQuery_NotFound_Name,Set-NetFirewallRule', 'ObjectNotFound', $Name))
  }
}
function Set-FmFirewallRuleEnabled([string]$Name, [bool]$Enabled) {
  Assert-FmNoFailure 'Set-RdFirewallRuleEnabled' $Name
  Assert-FmRule $Name
  $v = 'False'
  if ($Enabled) { $v = 'True' }
  $script:M.Rules[$Name].Enabled = $v
  Add-FmJournal ('firewall ' + $Name + ' enabled=' + $v)
}
function Set-FmFirewallRuleProfile([string]$Name, [string[]]$Profiles) {
  Assert-FmNoFailure 'Set-RdFirewallRuleProfile' $Name
  Assert-FmRule $Name
  $script:M.Rules[$Name].Profile = ($Profiles -join ', ')
  Add-FmJournal ('firewall ' + $Name + ' profile=' + ($Profiles -join ', '))
}
function New-FmFirewallRule([hashtable]$Rule) {
  Assert-FmNoFailure 'Add-RdFirewallRule' ([string]$Rule.Name)
  $r = @{}
  foreach ($k in $Rule.Keys) { $r[$k] = $Rule[$k] }
  $r.Enabled = [string]$Rule.Enabled
  $r.Profile = (@($Rule.Profile) -join ', ')
  $r.Group = ''
  Add-FmFirewallRule $r
  Add-FmJournal ('firewall ' + $Rule.Name + ' created')
}
function Remove-FmFirewallRule([string]$Name) {
  Assert-FmNoFailure 'Remove-RdFirewallRule' $Name
  Assert-FmRule $Name
  $script:M.Rules.Remove($Name)
  Add-FmJournal ('firewall ' + $Name + ' removed')
}

# ---- certificate stores (LocalMachine) -------------------------------------------------------------
function Add-FmCertificate([string]$Store, $Cert) {
  if (-not $script:M.Stores.ContainsKey($Store)) { $script:M.Stores[$Store] = New-Object System.Collections.ArrayList }
  [void]$script:M.Stores[$Store].Add($Cert)
}
function New-FmStore([string]$Store) { if (-not $script:M.Stores.ContainsKey($Store)) { $script:M.Stores[$Store] = New-Object System.Collections.ArrayList } }
function Get-FmStoreList([string]$Store) {
  if (-not $script:M.Stores.ContainsKey($Store)) { return @() }
  return @($script:M.Stores[$Store])
}
function Get-FmCertificates([string]$Store) {
  Assert-FmNoFailure 'Get-RdCertificates' $Store
  if (-not $script:M.Stores.ContainsKey($Store)) { throw (New-FmItemNotFound ('Cert:\LocalMachine\' + $Store)) }
  return @($script:M.Stores[$Store])
}
function Get-FmCertificate([string]$Store, [string]$Thumbprint) {
  $c = @(Get-FmStoreList $Store | Where-Object { $_.Thumbprint -eq $Thumbprint })
  if ($c.Count -eq 0) { throw (New-FmItemNotFound ('Cert:\LocalMachine\' + $Store + '\' + $Thumbprint)) }
  return $c[0]
}
function Remove-FmCertificate([string]$Store, [string]$Thumbprint) {
  Assert-FmNoFailure 'Remove-RdCertificate' $Thumbprint
  $c = Get-FmCertificate $Store $Thumbprint
  $script:M.Stores[$Store].Remove($c)
  Add-FmJournal ('certificate removed ' + $Store + '\' + $Thumbprint)
}
function Export-FmCertificate($Cert, [string]$Path) {
  Assert-FmNoFailure 'Export-RdCertificate' $Path
  Write-FmFile $Path ('CER ' + $Cert.Thumbprint)
}
function Export-FmPfx($Cert, [string]$Path, $Password) {
  Assert-FmNoFailure 'Export-RdPfx' $Path
  Write-FmFile $Path ('PFX ' + $Cert.Thumbprint)
  $script:M.Pfx[(ConvertTo-FmPath $Path)] = $Cert
}
function Import-FmPfx([string]$Path, [string]$Store, $Password) {
  Assert-FmNoFailure 'Import-RdPfx' $Path
  $p = ConvertTo-FmPath $Path
  if (-not $script:M.Pfx.ContainsKey($p)) { throw (New-FmItemNotFound $Path) }
  New-FmStore $Store
  Add-FmCertificate $Store $script:M.Pfx[$p]
  Add-FmJournal ('certificate imported ' + $Store + '\' + $script:M.Pfx[$p].Thumbprint)
}

# ---- services ------------------------------------------------------------------------------------
function Add-FmService([string]$Name, [string]$Status = 'Running', [string]$StartType = 'Manual') { $script:M.Services[$Name] = @{ Name = $Name; Status = $Status; StartType = $StartType } }
function Get-FmService([string]$Name) {
  if (-not $script:M.Services.ContainsKey($Name)) { return $null }
  $s = $script:M.Services[$Name]
  return [pscustomobject]@{ Name = $s.Name; Status = $s.Status; StartType = $s.StartType; DisplayName = $s.Name }
}
function Assert-FmService([string]$Name) {
  if (-not $script:M.Services.ContainsKey($Name)) {
    $ex = New-Object Microsoft.PowerShell.Commands.ServiceCommandException(('Cannot find any service with service name ''' + $Name + '''.'))
    throw (New-Object System.Management.Automation.ErrorRecord($ex, 'NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.StartServiceCommand', 'ObjectNotFound', $Name))
  }
}
function Set-FmServiceStatus([string]$Name, [string]$Status) {
  $script:M.Services[$Name].Status = $Status
  Add-FmJournal ('service ' + $Name + ' ' + $Status)
  if ($Status -eq 'Running' -and $script:M.OnServiceStart) { & $script:M.OnServiceStart $Name }
}
function Start-FmService([string]$Name) {
  Assert-FmNoFailure 'Start-RdService' $Name
  Assert-FmService $Name
  if ($script:M.Services[$Name].StartType -eq 'Disabled') { throw ('Service ''' + $Name + ''' cannot be started due to the following error: Cannot start service ' + $Name + ' on computer ''.''.') }
  Set-FmServiceStatus $Name 'Running'
}
function Stop-FmService([string]$Name) {
  Assert-FmNoFailure 'Stop-RdService' $Name
  Assert-FmService $Name
  Set-FmServiceStatus $Name 'Stopped'
}
function Restart-FmService([string]$Name) {
  Assert-FmNoFailure 'Restart-RdService' $Name
  Assert-FmService $Name
  Set-FmServiceStatus $Name 'Stopped'
  Set-FmServiceStatus $Name 'Running'
}
function Set-FmServiceStartType([string]$Name, [string]$StartType) {
  Assert-FmNoFailure 'Set-RdServiceStartType' $Name
  Assert-FmService $Name
  $script:M.Services[$Name].StartType = $StartType
  Add-FmJournal ('service ' + $Name + ' start type ' + $StartType)
}
# What Windows does when a service starts (a scriptblock given the service name; for example: create a self-signed certificate).
function Set-FmOnServiceStart([scriptblock]$Action) { $script:M.OnServiceStart = $Action }

# ---- files and folders -----------------------------------------------------------------------------
# An ACL entry: @{ Sid = 'S-1-5-20'; Rights = 'R'; Type = 'Allow'; Inherited = $false } (Rights as icacls writes them: F, M, RX, R, W).
function New-FmAce([string]$Sid, [string]$Rights = 'F', [string]$Type = 'Allow', [bool]$Inherited = $false) { return @{ Sid = $Sid; Rights = $Rights; Type = $Type; Inherited = $Inherited } }
function Get-FmDefaultAcl { return @((New-FmAce 'S-1-5-18' 'F' 'Allow' $true), (New-FmAce 'S-1-5-32-544' 'F' 'Allow' $true)) }
function Add-FmDirectory([string]$Path, [string]$Owner = 'S-1-5-32-544', $Acl = $null, $Inheritable = $null) {
  if ($null -eq $Acl) { $Acl = Get-FmDefaultAcl }
  if ($null -eq $Inheritable) { $Inheritable = Get-FmDefaultAcl }
  $script:M.Files[(ConvertTo-FmPath $Path)] = @{ Kind = 'Directory'; Owner = $Owner; Acl = @($Acl); Inheritable = @($Inheritable); Content = $null; Reparse = $false }
}
function Add-FmFile([string]$Path, [string]$Owner = 'S-1-5-18', $Acl = $null, [string]$Content = '') {
  if ($null -eq $Acl) { $Acl = Get-FmDefaultAcl }
  $script:M.Files[(ConvertTo-FmPath $Path)] = @{ Kind = 'File'; Owner = $Owner; Acl = @($Acl); Inheritable = @(); Content = $Content; Reparse = $false }
}
function Get-FmFile([string]$Path) {
  $p = ConvertTo-FmPath $Path
  if ($script:M.Files.ContainsKey($p)) { return $script:M.Files[$p] }
  return $null
}
function Get-FmParent([string]$Path) {
  $p = ConvertTo-FmPath $Path
  $i = $p.LastIndexOf('\')
  if ($i -lt 0) { return '' }
  return $p.Substring(0, $i)
}
function Get-FmChildren([string]$Path, [switch]$Recurse) {
  $p = (ConvertTo-FmPath $Path) + '\'
  return @($script:M.Files.Keys | Where-Object { $_.StartsWith($p, [StringComparison]::OrdinalIgnoreCase) -and ($Recurse -or $_.Substring($p.Length).IndexOf('\') -lt 0) } | Sort-Object)
}
# The administrator's access: the owner may read and change the ACL; otherwise an Allow entry for a SID of its token, and no Deny.
function Test-FmAccess($F, [string]$Need) {
  if ($script:AdminToken -contains $F.Owner) { return $true }
  $allowed = $false
  foreach ($a in $F.Acl) {
    if ($script:AdminToken -notcontains $a.Sid) { continue }
    if ($a.Type -eq 'Deny') { return $false }
    if ($Need -eq 'read' -or $a.Rights -eq 'F') { $allowed = $true }
  }
  return $allowed
}
function Test-FmPath([string]$Path) { Assert-FmNoFailure 'Test-RdPath' $Path; return ($null -ne (Get-FmFile $Path)) }
function Get-FmItem([string]$Path) {
  $f = Get-FmFile $Path
  if ($null -eq $f) { throw (New-FmItemNotFound $Path) }
  $attr = [System.IO.FileAttributes]::Normal
  if ($f.Kind -eq 'Directory') { $attr = [System.IO.FileAttributes]::Directory }
  if ($f.Reparse) { $attr = $attr -bor [System.IO.FileAttributes]::ReparsePoint }
  $len = 0
  if ($f.Content) { $len = $f.Content.Length }
  return [pscustomobject]@{ FullName = (ConvertTo-FmPath $Path); Name = ((ConvertTo-FmPath $Path) -split '\\')[-1]; Attributes = $attr; Length = [int64]$len }
}
function Get-FmChildFiles([string]$Path, [string]$Filter) {
  Assert-FmNoFailure 'Get-RdChildFiles' $Path
  $d = Get-FmFile $Path
  if ($null -eq $d) { throw (New-FmItemNotFound $Path) }
  if (-not (Test-FmAccess $d 'read')) { throw (New-FmAccessDenied $Path) }
  return @(Get-FmChildren $Path | Where-Object { ($_ -split '\\')[-1] -like $Filter } | ForEach-Object { Get-FmItem $_ })
}
function New-FmAccessDenied([string]$Path) {
  $ex = New-Object System.UnauthorizedAccessException(('Access to the path ''' + $Path + ''' is denied.'))
  return (New-Object System.Management.Automation.ErrorRecord($ex, 'System.UnauthorizedAccessException,Microsoft.PowerShell.Commands.GetAclCommand', 'PermissionDenied', $Path))
}
function New-FmDirectory([string]$Path) {
  Assert-FmNoFailure 'New-RdDirectory' $Path
  $parent = Get-FmFile (Get-FmParent $Path)
  if ($null -eq $parent) { throw (New-FmItemNotFound (Get-FmParent $Path)) }
  if ($null -ne (Get-FmFile $Path)) { throw ('An item with the specified name ' + $Path + ' already exists.') }
  $acl = @($parent.Inheritable | ForEach-Object { New-FmAce $_.Sid $_.Rights $_.Type $true })
  Add-FmDirectory $Path 'S-1-5-32-544' $acl $parent.Inheritable
  Add-FmJournal ('folder created ' + (ConvertTo-FmPath $Path))
}
function Rename-FmItem([string]$Path, [string]$NewName) {
  Assert-FmNoFailure 'Rename-RdItem' $Path
  $p = ConvertTo-FmPath $Path
  if ($null -eq (Get-FmFile $p)) { throw (New-FmItemNotFound $p) }
  $to = (Get-FmParent $p) + '\' + $NewName
  if ($null -ne (Get-FmFile $to)) { throw ('Cannot create a file when that file already exists: ' + $to) }
  foreach ($k in @(@($p) + @(Get-FmChildren $p -Recurse))) {
    $f = $script:M.Files[$k]
    $script:M.Files.Remove($k)
    $script:M.Files[$to + $k.Substring($p.Length)] = $f
  }
  Add-FmJournal ('renamed ' + $p + ' -> ' + $NewName)
}
function Remove-FmItem([string]$Path) {
  Assert-FmNoFailure 'Remove-RdItem' $Path
  $p = ConvertTo-FmPath $Path
  if ($null -eq (Get-FmFile $p)) { throw (New-FmItemNotFound $p) }
  foreach ($k in @(@($p) + @(Get-FmChildren $p -Recurse))) { $script:M.Files.Remove($k) }
  Add-FmJournal ('removed ' + $p)
}
function Write-FmFile([string]$Path, [string]$Text) {
  $parent = Get-FmFile (Get-FmParent $Path)
  if ($null -eq $parent) { throw (New-FmItemNotFound (Get-FmParent $Path)) }
  $acl = @($parent.Inheritable | ForEach-Object { New-FmAce $_.Sid $_.Rights $_.Type $true })
  $existing = Get-FmFile $Path
  if ($existing) { $existing.Content = $Text } else { Add-FmFile $Path 'S-1-5-32-544' $acl $Text }
}
function Write-FmTextFile([string]$Path, [string]$Text) { Assert-FmNoFailure 'Write-RdTextFile' $Path; Write-FmFile $Path $Text }
function Read-FmTextFile([string]$Path) {
  Assert-FmNoFailure 'Read-RdTextFile' $Path
  $f = Get-FmFile $Path
  if ($null -eq $f) { throw (New-FmItemNotFound $Path) }
  return [string]$f.Content
}

# A SecurityIdentifier as the scripts use it (.Value; Translate to an account name fails as for an unknown SID).
function New-FmSid([string]$Sid) {
  $o = [pscustomobject]@{ Value = $Sid }
  $o | Add-Member -MemberType ScriptMethod -Name Translate -Value { param($t) throw (New-Object System.Exception('Some or all identity references could not be translated.')) }
  $o | Add-Member -MemberType ScriptMethod -Name ToString -Value { $this.Value } -Force
  return $o
}
# Get-Acl's object: GetOwner(type) and GetAccessRules(...) with the rights as FileSystemRights.
$script:RightsMask = @{ F = 2032127; M = 1245631; RX = 1179817; R = 1179785; W = 1180054 }
function Get-FmAcl([string]$Path) {
  Assert-FmNoFailure 'Get-RdAcl' $Path
  $f = Get-FmFile $Path
  if ($null -eq $f) { throw (New-FmItemNotFound $Path) }
  if (-not (Test-FmAccess $f 'read')) { throw (New-FmAccessDenied $Path) }
  $rules = @($f.Acl | ForEach-Object {
      [pscustomobject]@{ IdentityReference = (New-FmSid $_.Sid); FileSystemRights = [System.Security.AccessControl.FileSystemRights]$script:RightsMask[$_.Rights]; AccessControlType = $_.Type; IsInherited = [bool]$_.Inherited }
    })
  $o = [pscustomobject]@{ OwnerSid = $f.Owner; Rules = $rules; Entries = @($f.Acl); InheritableEntries = @($f.Inheritable) }
  $o | Add-Member -MemberType ScriptMethod -Name GetOwner -Value { param($t) New-FmSid $this.OwnerSid }
  $o | Add-Member -MemberType ScriptMethod -Name GetAccessRules -Value { param($a, $b, $c) $this.Rules }
  return $o
}

# Set-Acl with an object Get-FmAcl returned: the owner, the entries and what children inherit.
function Set-FmAcl([string]$Path, $AclObject) {
  Assert-FmNoFailure 'Set-RdAcl' $Path
  $f = Get-FmFile $Path
  if ($null -eq $f) { throw (New-FmItemNotFound $Path) }
  if (-not (Test-FmAccess $f 'write')) { throw (New-FmAccessDenied $Path) }
  $f.Owner = $AclObject.OwnerSid
  $f.Acl = @($AclObject.Entries | ForEach-Object { New-FmAce $_.Sid $_.Rights $_.Type $_.Inherited })
  $f.Inheritable = @($AclObject.InheritableEntries)
  Add-FmJournal ('acl set ' + (ConvertTo-FmPath $Path))
}

# ---- icacls.exe and takeown.exe ----------------------------------------------------------------------
function Get-FmAclText($F) { return (($F.Acl | ForEach-Object { $_.Type + ':' + $_.Sid + ':' + $_.Rights + ':' + $_.Inherited }) -join ';') }
function Read-FmGrant([string]$Spec) {
  # '*S-1-5-20:(R)', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:F'
  $i = $Spec.LastIndexOf(':')
  $sid = $Spec.Substring(0, $i).TrimStart('*')
  $rights = ($Spec.Substring($i + 1) -replace '\((OI|CI|IO|NP|I)\)', '').Trim('(', ')')
  return @{ Sid = $sid; Rights = $rights }
}
function Invoke-FmIcacls([string[]]$Arguments) {
  Assert-FmNoFailure 'Invoke-RdIcacls' ($Arguments -join ' ')
  $path = ConvertTo-FmPath $Arguments[0]
  $rest = @($Arguments | Select-Object -Skip 1)
  $recurse = $rest -contains '/t'
  $target = Get-FmFile $path
  if ($null -eq $target) { return @{ exitCode = 2; output = ($path + ': The system cannot find the file specified.') } }
  $items = @($path)
  if ($recurse) { $items += @(Get-FmChildren $path -Recurse) }
  if ($rest[0] -eq '/restore') {
    $saved = Get-FmFile $rest[1]
    if ($null -eq $saved) { return @{ exitCode = 2; output = ($rest[1] + ': The system cannot find the file specified.') } }
    $entries = ConvertFrom-Json -InputObject $saved.Content
    foreach ($e in @($entries)) {
      $p = $path + '\' + $e.name
      $f = Get-FmFile $p
      if ($null -eq $f) { continue }
      if (-not (Test-FmAccess $f 'write')) { return @{ exitCode = 5; output = ($p + ': Access is denied.') } }
      $f.Acl = @($e.acl | ForEach-Object { New-FmAce $_.Sid $_.Rights $_.Type ([bool]$_.Inherited) })
      Add-FmJournal ('acl restored ' + $p)
    }
    return @{ exitCode = 0; output = 'Successfully processed files' }
  }
  if ($rest[0] -eq '/save') {
    $list = New-Object System.Collections.ArrayList
    foreach ($p in $items) {
      $f = Get-FmFile $p
      if (-not (Test-FmAccess $f 'read')) { return @{ exitCode = 5; output = ($p + ': Access is denied.' + "`n" + 'Successfully processed 0 files; Failed processing 1 files') } }
      $name = $p.Substring((Get-FmParent $path).Length).TrimStart('\')
      [void]$list.Add(@{ name = $name; acl = @($f.Acl) })
    }
    Write-FmFile $rest[1] (ConvertTo-Json -InputObject @($list) -Depth 5 -Compress)
    return @{ exitCode = 0; output = ('Successfully processed ' + $items.Count + ' files; Failed processing 0 files') }
  }
  $i = 0
  while ($i -lt $rest.Count) {
    $op = $rest[$i]; $i++
    $args2 = New-Object System.Collections.ArrayList
    while ($i -lt $rest.Count -and -not $rest[$i].StartsWith('/')) { [void]$args2.Add($rest[$i]); $i++ }
    if (@('/t', '/c', '/q') -contains $op) { continue }
    foreach ($p in $items) {
      $f = Get-FmFile $p
      if ($op -eq '/setowner') { $f.Owner = ([string]$args2[0]).TrimStart('*'); Add-FmJournal ('owner ' + $p + ' ' + $f.Owner); continue }
      if (-not (Test-FmAccess $f 'write')) { return @{ exitCode = 5; output = ($p + ': Access is denied.' + "`n" + 'Successfully processed 0 files; Failed processing 1 files') } }
      $before = Get-FmAclText $f
      switch -regex ($op) {
        '^/grant(:r)?$' {
          foreach ($g in $args2) {
            $x = Read-FmGrant $g
            $keep = @($f.Acl | Where-Object { -not ($_.Sid -eq $x.Sid -and $_.Type -eq 'Allow' -and -not $_.Inherited) })
            $f.Acl = @($keep) + @(New-FmAce $x.Sid $x.Rights 'Allow' $false)
          }
        }
        '^/deny$' { foreach ($g in $args2) { $x = Read-FmGrant $g; $f.Acl = @(New-FmAce $x.Sid $x.Rights 'Deny' $false) + @($f.Acl) } }
        '^/remove(:[gd])?$' {
          $kind = ''
          if ($op -eq '/remove:d') { $kind = 'Deny' } elseif ($op -eq '/remove:g') { $kind = 'Allow' }
          $sids = @($args2 | ForEach-Object { ([string]$_).TrimStart('*') })
          $f.Acl = @($f.Acl | Where-Object { -not ($sids -contains $_.Sid -and -not $_.Inherited -and ($kind -eq '' -or $_.Type -eq $kind)) })
        }
        '^/inheritance:r$' { $f.Acl = @($f.Acl | Where-Object { -not $_.Inherited }) }
        '^/reset$' {
          $parent = Get-FmFile (Get-FmParent $p)
          $inh = @()
          if ($parent) { $inh = @($parent.Inheritable) }
          $f.Acl = @($inh | ForEach-Object { New-FmAce $_.Sid $_.Rights $_.Type $true })
        }
        default { throw ('FakeMachine: icacls option ' + $op + ' is not modelled') }
      }
      if ((Get-FmAclText $f) -ne $before) { Add-FmJournal ('acl ' + $p + ' ' + $op) }
    }
  }
  return @{ exitCode = 0; output = ('Successfully processed ' + $items.Count + ' files; Failed processing 0 files') }
}
function Invoke-FmTakeown([string[]]$Arguments) {
  Assert-FmNoFailure 'Invoke-RdTakeown' ($Arguments -join ' ')
  $path = $null
  for ($i = 0; $i -lt $Arguments.Count; $i++) { if ($Arguments[$i] -eq '/f') { $path = ConvertTo-FmPath $Arguments[$i + 1] } }
  $f = Get-FmFile $path
  if ($null -eq $f) { return @{ exitCode = 1; output = ('ERROR: The system cannot find the file specified.') } }
  $items = @($path)
  if ($Arguments -contains '/r') { $items += @(Get-FmChildren $path -Recurse) }
  foreach ($p in $items) {
    # /a: the Administrators group becomes the owner (otherwise the current user; here the same).
    $script:M.Files[$p].Owner = 'S-1-5-32-544'
    Add-FmJournal ('owner ' + $p + ' S-1-5-32-544')
  }
  return @{ exitCode = 0; output = 'SUCCESS: The file (or folder) is now owned by the administrators group.' }
}

# ---- snapshots: the whole machine as JSON, to compare before and after -------------------------
function Get-FmSnapshot {
  $files = @{}
  foreach ($k in $script:M.Files.Keys) { $f = $script:M.Files[$k]; $files[$k] = @{ kind = $f.Kind; owner = $f.Owner; acl = (Get-FmAclText $f) } }
  $stores = @{}
  foreach ($s in $script:M.Stores.Keys) { $stores[$s] = @($script:M.Stores[$s] | ForEach-Object { [string]$_.Thumbprint } | Sort-Object) }
  $reg = @{}
  foreach ($k in $script:M.Registry.Keys) {
    $vals = @{}
    foreach ($n in $script:M.Registry[$k].Keys) { $v = $script:M.Registry[$k][$n]; if ($v -is [byte[]]) { $v = -join ($v | ForEach-Object { $_.ToString('X2') }) }; $vals[$n] = $v }
    $reg[$k] = $vals
  }
  $state = [ordered]@{ registry = $reg; rules = $script:M.Rules; stores = $stores; services = $script:M.Services; files = $files }
  return (ConvertTo-Json -InputObject $state -Depth 6 -Compress)
}
# The parts of two snapshots that differ ('files:C:\...', 'registry:HKLM:\...', 'stores:Remote Desktop' ...).
function Compare-FmSnapshot([string]$Before, [string]$After) {
  $a = ConvertFrom-Json -InputObject $Before
  $b = ConvertFrom-Json -InputObject $After
  $diff = New-Object System.Collections.ArrayList
  foreach ($section in @('registry', 'rules', 'stores', 'services', 'files')) {
    $names = @(@($a.$section.PSObject.Properties | ForEach-Object { $_.Name }) + @($b.$section.PSObject.Properties | ForEach-Object { $_.Name }) | Sort-Object -Unique)
    foreach ($n in $names) {
      $x = ConvertTo-Json -InputObject $a.$section.$n -Depth 5 -Compress
      $y = ConvertTo-Json -InputObject $b.$section.$n -Depth 5 -Compress
      if ($x -ne $y) { [void]$diff.Add($section + ':' + $n) }
    }
  }
  return @($diff)
}

Export-ModuleMember -Function *-Fm*, Reset-FakeMachine
