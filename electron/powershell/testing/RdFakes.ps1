# Builders of the recorded Windows objects the seams return (registry keys, error records, certificates).
# Plain PowerShell, no Pester: the Pester tests load it through RdTest.ps1, and the runner's integration
# test (electron/checks/windows/chain.test.ts) puts it, with testing/fakes/<check>.ps1, after seams.ps1.

# ---- recorded Windows objects -------------------------------------------------------------------

# A registry key as Get-Item / Get-ChildItem return it: PSChildName and GetValue(name, default).
function New-RdRegistryKey([string]$Name = 'key', [hashtable]$Values = @{}) {
  $k = [pscustomobject]@{ PSChildName = $Name; Values = $Values }
  # The unary comma keeps a REG_BINARY value a byte[] (a script method's output would be unrolled).
  $k | Add-Member -MemberType ScriptMethod -Name GetValue -Value { param($n, $d) if ($this.Values.ContainsKey($n)) { , $this.Values[$n] } else { $d } }
  return $k
}

# Registry keys by path for Mock Get-RdRegistryKey { Get-RdFakeKey $Path $keys }.
function Get-RdFakeKey([string]$Path, [hashtable]$Keys) {
  if ($Keys.ContainsKey($Path)) { return (New-RdRegistryKey (Split-Path -Leaf $Path) $Keys[$Path]) }
  return $null
}

# The error record Windows gives when access is denied (English or localized message).
function New-RdAccessDenied([string]$ErrorId = 'UnauthorizedAccess', [string]$Message = 'Access is denied.') {
  $ex = New-Object System.UnauthorizedAccessException($Message)
  return (New-Object System.Management.Automation.ErrorRecord($ex, $ErrorId, 'PermissionDenied', $null))
}

# A CIM error as Windows raises it (for example 0x8004100e, invalid namespace).
function New-RdCimError([string]$Message, [string]$ErrorId) {
  $ex = New-Object System.Exception($Message)
  return (New-Object System.Management.Automation.ErrorRecord($ex, $ErrorId, 'MetadataError', $null))
}

# "Not found" as a cmdlet reports it (Get-WinEvent with no match, a missing item).
function New-RdNotFound([string]$ErrorId = 'NoMatchingEventsFound,Microsoft.PowerShell.Commands.GetWinEventCommand', [string]$Message = 'No events were found that match the specified selection criteria.') {
  $ex = New-Object System.Exception($Message)
  return (New-Object System.Management.Automation.ErrorRecord($ex, $ErrorId, 'ObjectNotFound', $null))
}

function New-RdItemNotFound([string]$Path) {
  $ex = New-Object System.Management.Automation.ItemNotFoundException(('Cannot find path ''' + $Path + ''' because it does not exist.'))
  return (New-Object System.Management.Automation.ErrorRecord($ex, 'PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand', 'ObjectNotFound', $Path))
}

# A real X.509 certificate (self-signed unless an issuer name is given for the subject's issuer).
function New-RdCertificate([string]$Subject = 'CN=PC-042', [int]$Days = 180, [int]$AgeDays = 1, [string[]]$Eku = @('1.3.6.1.5.5.7.3.1'), [switch]$CaSigned) {
  $rsa = [System.Security.Cryptography.RSA]::Create(2048)
  $req = New-Object System.Security.Cryptography.X509Certificates.CertificateRequest($Subject, $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
  if ($Eku.Count -gt 0) {
    $oids = New-Object System.Security.Cryptography.OidCollection
    foreach ($o in $Eku) { [void]$oids.Add((New-Object System.Security.Cryptography.Oid($o))) }
    $req.CertificateExtensions.Add((New-Object System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension($oids, $false)))
  }
  $from = [DateTimeOffset]::UtcNow.AddDays(-$AgeDays)
  $to = $from.AddDays($Days)
  if (-not $CaSigned) { return $req.CreateSelfSigned($from, $to) }
  $caKey = [System.Security.Cryptography.RSA]::Create(2048)
  $caReq = New-Object System.Security.Cryptography.X509Certificates.CertificateRequest('CN=Contoso Issuing CA', $caKey, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
  $caReq.CertificateExtensions.Add((New-Object System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension($true, $false, 0, $true)))
  $ca = $caReq.CreateSelfSigned($from.AddDays(-1), $to.AddDays(1))
  $serial = [byte[]](1, 2, 3, 4, 5, 6, 7, 8)
  return $req.Create($ca, $from, $to, $serial)
}

# ---- firewall (NetSecurity objects as Get-NetFirewall* return them; enums shown by name) --------

function New-RdFirewallProfile([string]$Name, [string]$Enabled = 'True', [string]$Inbound = 'Block', [string]$Outbound = 'Allow', [string]$AllowInbound = 'NotConfigured') {
  return [pscustomobject]@{ Name = $Name; Enabled = $Enabled; DefaultInboundAction = $Inbound; DefaultOutboundAction = $Outbound; AllowInboundRules = $AllowInbound }
}

# A rule; its InstanceID is its Name unless given (Group Policy rules carry their own).
function New-RdFakeRule([string]$Name, [string]$DisplayName, [string]$Direction = 'Outbound', [string]$Action = 'Block', [string]$Enabled = 'True', [string]$Profile = 'Any', [string]$Group = '', [string]$Source = 'Local', [string]$InstanceID) {
  if (-not $InstanceID) { $InstanceID = $Name }
  if (-not $DisplayName) { $DisplayName = $Name }
  return [pscustomobject]@{ Name = $Name; InstanceID = $InstanceID; DisplayName = $DisplayName; Group = $Group; Enabled = $Enabled; Direction = $Direction; Action = $Action; Profile = $Profile; PolicyStoreSourceType = $Source }
}
function New-RdPortFilter([string]$InstanceID, [string]$Protocol = 'Any', $LocalPort = 'Any', $RemotePort = 'Any') {
  return [pscustomobject]@{ InstanceID = $InstanceID; Protocol = $Protocol; LocalPort = $LocalPort; RemotePort = $RemotePort }
}
function New-RdApplicationFilter([string]$InstanceID, [string]$Program = 'Any') {
  return [pscustomobject]@{ InstanceID = $InstanceID; Program = $Program }
}
function New-RdAddressFilter([string]$InstanceID, $RemoteAddress = 'Any') {
  return [pscustomobject]@{ InstanceID = $InstanceID; RemoteAddress = $RemoteAddress }
}

# The error Get-NetFirewallRule gives when no rule matches its query ("No MSFT_NetFirewallRule objects found ...").
function New-RdCimNotFound([string]$Cmdlet = 'Get-NetFirewallRule', [string]$Message = 'No MSFT_NetFirewallRule objects found with property ''Direction'' equal to ''Outbound''.') {
  $ex = New-Object System.Exception($Message)
  return (New-Object System.Management.Automation.ErrorRecord($ex, ('CmdletizationQuery_NotFound_Direction,' + $Cmdlet), 'ObjectNotFound', $null))
}

# Access denied as a CIM-based cmdlet raises it (NetSecurity, Get-CimInstance): a CimException.
function New-RdCimAccessDenied([string]$ErrorId = 'Windows System Error 5,Get-NetFirewallRule', [string]$Message = 'Access is denied.') {
  $ex = New-Object Microsoft.Management.Infrastructure.CimException($Message)
  return (New-Object System.Management.Automation.ErrorRecord($ex, $ErrorId, 'PermissionDenied', $null))
}

# The cert: provider's answer for a store that does not exist (Get-ChildItem Cert:\LocalMachine\<store>).
function New-RdStoreNotFound([string]$Store = 'Remote Desktop') {
  $path = 'Cert:\LocalMachine\' + $Store
  $ex = New-Object System.Management.Automation.ItemNotFoundException(('Cannot find path ''' + $path + ''' because it does not exist.'))
  return (New-Object System.Management.Automation.ErrorRecord($ex, 'PathNotFound,Microsoft.PowerShell.Commands.GetChildItemCommand', 'ObjectNotFound', $path))
}

# Win32_TSGeneralSetting of RDP-Tcp as Get-CimInstance returns it.
function New-RdTsSetting([string]$Thumbprint, [int]$SecurityLayer = 2, [int]$Nla = 1, [int]$MinEncryptionLevel = 2) {
  return [pscustomobject]@{ TerminalName = 'RDP-Tcp'; SSLCertificateSHA1Hash = $Thumbprint; SecurityLayer = $SecurityLayer; UserAuthenticationRequired = $Nla; MinEncryptionLevel = $MinEncryptionLevel }
}

# ---- keys, files, ACLs ---------------------------------------------------------------------------

# A file as Get-ChildItem returns it (Name, Length, FullName).
function New-RdFile([string]$Dir, [string]$Name, [int64]$Length = 2430) {
  return [pscustomobject]@{ Name = $Name; Length = $Length; FullName = ($Dir + '\' + $Name) }
}

# A private key as GetRSAPrivateKey returns it: CNG (RSACng: .Key.UniqueName) or CAPI (RSACryptoServiceProvider).
function New-RdCngKey([string]$UniqueName, [string]$Provider = 'Microsoft Software Key Storage Provider') {
  return [pscustomobject]@{ Key = [pscustomobject]@{ UniqueName = $UniqueName; Provider = [pscustomobject]@{ Provider = $Provider } } }
}
function New-RdCapiKey([string]$UniqueName, [string]$Provider = 'Microsoft Enhanced RSA and AES Cryptographic Provider') {
  return [pscustomobject]@{ CspKeyContainerInfo = [pscustomobject]@{ UniqueKeyContainerName = $UniqueName; ProviderName = $Provider } }
}

# What a .NET method call throws when the key cannot be opened: a MethodInvocationException around a
# CryptographicException with Windows' HRESULT (0x80090016 NTE_BAD_KEYSET "Keyset does not exist").
function New-RdKeyOpenError([string]$Message = 'Keyset does not exist', [int]$HResult = -2146893802) {
  $inner = New-Object System.Security.Cryptography.CryptographicException($Message)
  [System.Exception].GetProperty('HResult').GetSetMethod($true).Invoke($inner, @($HResult)) | Out-Null
  $outer = New-Object System.Management.Automation.MethodInvocationException(('Exception calling "GetRSAPrivateKey" with "1" argument(s): "' + $Message + '"'), $inner)
  return (New-Object System.Management.Automation.ErrorRecord($outer, 'CryptographicException', 'NotSpecified', $null))
}

# A file's security descriptor as Get-Acl returns it: owner SID and access rules. Each entry:
# @{ sid = 'S-1-5-20'; rights = 'Read, Synchronize'; type = 'Allow'; account = 'NT AUTHORITY\NETWORK SERVICE'; inherited = $false }
function New-RdAcl([string]$Owner = 'S-1-5-18', [object[]]$Entries = @()) {
  $rules = @(foreach ($e in $Entries) {
    $id = [pscustomobject]@{ Value = [string]$e.sid; Account = $e.account }
    $id | Add-Member -MemberType ScriptMethod -Name Translate -Value { param($t) if (-not $this.Account) { throw 'Some or all identity references could not be translated.' }; [pscustomobject]@{ Value = $this.Account } }
    [pscustomobject]@{ IdentityReference = $id; FileSystemRights = [System.Security.AccessControl.FileSystemRights]$e.rights; AccessControlType = [System.Security.AccessControl.AccessControlType]$e.type; IsInherited = [bool]$e.inherited }
  })
  $acl = [pscustomobject]@{ Owner = $Owner; Rules = $rules }
  $acl | Add-Member -MemberType ScriptMethod -Name GetOwner -Value { param($t) [pscustomobject]@{ Value = $this.Owner } }
  $acl | Add-Member -MemberType ScriptMethod -Name GetAccessRules -Value { param($a, $i, $t) , $this.Rules }
  return $acl
}
# The ACL Windows gives a healthy machine key: SYSTEM and Administrators full control, NETWORK SERVICE read.
function New-RdHealthyKeyAcl([switch]$German) {
  $ns = 'NT AUTHORITY\NETWORK SERVICE'; $sys = 'NT AUTHORITY\SYSTEM'; $adm = 'BUILTIN\Administrators'
  if ($German) { $ns = 'NT-AUTORITÄT\NETZWERKDIENST'; $sys = 'NT-AUTORITÄT\SYSTEM'; $adm = 'VORDEFINIERT\Administratoren' }
  return (New-RdAcl 'S-1-5-18' @(
      @{ sid = 'S-1-5-18'; rights = 'FullControl'; type = 'Allow'; account = $sys },
      @{ sid = 'S-1-5-32-544'; rights = 'FullControl'; type = 'Allow'; account = $adm },
      @{ sid = 'S-1-5-20'; rights = 'Read, Synchronize'; type = 'Allow'; account = $ns }))
}

# An event as Get-WinEvent returns it (EventLogRecord: Id, ProviderName, TimeCreated, Message, Properties[].Value).
function New-RdEvent([string]$Provider, [int]$Id, [datetime]$Time, [string]$Message, [object[]]$Values = @()) {
  return [pscustomobject]@{ ProviderName = $Provider; Id = $Id; TimeCreated = $Time; Message = $Message; Properties = @($Values | ForEach-Object { [pscustomobject]@{ Value = $_ } }) }
}
# The MachineKeys folder as Windows installs it (KB 278381): Administrators Full Control, Everyone may list,
# read and create (not read others' keys: that is each key file's own ACL).
function New-RdMachineKeysFolderAcl([switch]$German) {
  $everyone = 'Everyone'; $adm = 'BUILTIN\Administrators'
  if ($German) { $everyone = 'Jeder'; $adm = 'VORDEFINIERT\Administratoren' }
  return (New-RdAcl 'S-1-5-18' @(
      @{ sid = 'S-1-5-32-544'; rights = 'FullControl'; type = 'Allow'; account = $adm },
      @{ sid = 'S-1-1-0'; rights = 'ReadData, CreateFiles, AppendData, ReadExtendedAttributes, WriteExtendedAttributes, ReadAttributes, WriteAttributes, ReadPermissions'; type = 'Allow'; account = $everyone }))
}
