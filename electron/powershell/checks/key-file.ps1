# The private key of the certificate the listener really uses: the one WMI reports in use, else the
# one SSLCertificateSHA1Hash names, else the newest self-signed one in the Remote Desktop store. Its
# key is opened (as Schannel would), found as a CAPI file (RSA\MachineKeys) or a CNG file
# (Crypto\Keys), and its ACL read. Without a certificate, or when the key cannot be opened, the
# self-signed certificate's key container (TSSecKeySet1: f686aace..._<MachineGuid>) is examined.
$prefix = 'f686aace6942fb7f7ceb231212eef4a4_'
$result = @{ machineGuid = $null; certificate = $null; keyOpened = $null; openError = $null; uniqueName = $null; keyStorage = $null
  path = $null; exists = $false; length = $null; owner = $null; acl = @(); aclReadable = $false; otherKeyFiles = @() }
try { $result.machineGuid = Get-RegValue 'HKLM:\SOFTWARE\Microsoft\Cryptography' 'MachineGuid' } catch { Add-RdError 'machine-guid' $_ }

function Find-RdListenerCertificate {
  $thumb = $null; $source = $null
  try { $g = Get-RdTsSetting; if ($g -and ([string]$g.SSLCertificateSHA1Hash -match '^[0-9A-Fa-f]{40}$')) { $thumb = [string]$g.SSLCertificateSHA1Hash; $source = 'wmi' } } catch { Add-RdError 'wmi' $_ }
  if (-not $thumb) {
    try { $h = Get-RegValue (Get-RdListenerKey) 'SSLCertificateSHA1Hash'; if ([string]$h -match '^[0-9A-Fa-f]{40}$') { $thumb = [string]$h; $source = 'registry' } } catch { Add-RdError 'listener' $_ }
  }
  if ($thumb) {
    foreach ($store in @('Remote Desktop', 'My')) {
      try { return @{ cert = (Get-RdCertificate $store $thumb.ToUpperInvariant()); store = $store; source = $source } }
      catch [System.Management.Automation.ItemNotFoundException] { } catch { Add-RdError 'certificate' $_ }
    }
    return @{ cert = $null; thumbprint = $thumb.ToUpperInvariant(); source = $source }
  }
  $self = $null
  try { $self = @(Get-RdCertificates 'Remote Desktop' | Where-Object { $_.Subject -eq $_.Issuer } | Sort-Object -Property NotAfter -Descending) | Select-Object -First 1 }
  catch [System.Management.Automation.ItemNotFoundException] { } catch { Add-RdError 'certificate' $_ }
  return @{ cert = $self; store = 'Remote Desktop'; source = 'self-signed' }
}

$found = Find-RdListenerCertificate
$cert = $found.cert
if ($cert) {
  $result.certificate = @{ thumbprint = [string]$cert.Thumbprint; store = $found.store; source = $found.source; selfSigned = ($cert.Subject -eq $cert.Issuer); hasPrivateKey = [bool]$cert.HasPrivateKey }
  try {
    $key = Open-RdPrivateKey $cert
    $result.keyOpened = ($null -ne $key)
    if ($key -and $key.Key -and $key.Key.UniqueName) { $result.uniqueName = [string]$key.Key.UniqueName }
    elseif ($key -and $key.CspKeyContainerInfo) { $result.uniqueName = [string]$key.CspKeyContainerInfo.UniqueKeyContainerName }
  } catch {
    $ex = $_.Exception
    while ($ex.InnerException) { $ex = $ex.InnerException }
    $result.keyOpened = $false
    $result.openError = @{ message = [string]$ex.Message; hresult = ('0x{0:X8}' -f $ex.HResult); exception = [string]$ex.GetType().FullName }
  }
} elseif ($found.thumbprint) {
  $result.certificate = @{ thumbprint = $found.thumbprint; store = $null; source = $found.source; selfSigned = $null; hasPrivateKey = $null }
}

$dir = Get-RdMachineKeysDir
try { $result.otherKeyFiles = @(Get-RdChildFiles $dir ($prefix + '*') | Where-Object { $result.machineGuid -and $_.Name -ne ($prefix + [string]$result.machineGuid) } | ForEach-Object { [string]$_.Name }) } catch { Add-RdError 'listing' $_ }
$candidates = @()
if ($result.uniqueName) { $candidates = @(@{ dir = $dir; storage = 'CAPI'; name = $result.uniqueName }, @{ dir = (Get-RdCngKeysDir); storage = 'CNG'; name = $result.uniqueName }) }
elseif ($result.machineGuid -and ($null -eq $cert -or $result.certificate.selfSigned)) { $candidates = @(@{ dir = $dir; storage = 'CAPI'; name = ($prefix + [string]$result.machineGuid) }) }
foreach ($c in $candidates) {
  $result.path = Join-RdPath $c.dir $c.name
  try {
    $f = @(Get-RdChildFiles $c.dir $c.name | Where-Object { $_.Name -eq $c.name }) | Select-Object -First 1
    if ($f) { $result.exists = $true; $result.length = [int64]$f.Length; $result.keyStorage = $c.storage; break }
  } catch { Add-RdError 'listing' $_; break }
}
if (-not $result.exists -and $candidates.Count -gt 0) { $result.path = Join-RdPath $candidates[0].dir $candidates[0].name }
function Convert-RdAcl($Acl) {
  $entries = New-Object System.Collections.ArrayList
  foreach ($r in @($Acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier]))) {
    $account = $null
    try { $account = [string]$r.IdentityReference.Translate([System.Security.Principal.NTAccount]).Value } catch { }
    [void]$entries.Add(@{ sid = [string]$r.IdentityReference.Value; account = $account; rights = [string]$r.FileSystemRights
      mask = [int64]([int]$r.FileSystemRights); type = [string]$r.AccessControlType; inherited = [bool]$r.IsInherited })
  }
  return @{ owner = [string]$Acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value; acl = @($entries) }
}
if ($result.exists) {
  try {
    $a = Convert-RdAcl (Get-RdAcl $result.path)
    $result.owner = $a.owner; $result.acl = $a.acl; $result.aclReadable = $true
  } catch { Add-RdError 'acl' $_ }
}
# The MachineKeys folder's own permissions: Windows creates new keys there (a new self-signed certificate).
$result.folder = @{ path = $dir; owner = $null; acl = @(); readable = $false }
try {
  $a = Convert-RdAcl (Get-RdAcl $dir)
  $result.folder.owner = $a.owner; $result.folder.acl = $a.acl; $result.folder.readable = $true
} catch { Add-RdError 'folder-acl' $_ }
Write-RdResult $result
