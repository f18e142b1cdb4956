$prefix = 'f686aace6942fb7f7ceb231212eef4a4_'
$result = @{ machineGuid = $null; path = $null; exists = $false; length = $null; owner = $null; acl = @(); aclReadable = $false; otherKeyFiles = @() }
try { $result.machineGuid = Get-RegValue 'HKLM:\SOFTWARE\Microsoft\Cryptography' 'MachineGuid' } catch { Add-RdError 'machine-guid' $_ }
$dir = Get-RdMachineKeysDir
if ($result.machineGuid) {
  $leaf = $prefix + [string]$result.machineGuid
  $file = Join-Path $dir $leaf
  $result.path = $file
  try {
    $found = @(Get-RdChildFiles $dir ($prefix + '*'))
    foreach ($f in $found) {
      if ($f.Name -eq $leaf) { $result.exists = $true; $result.length = [int64]$f.Length }
    }
    $result.otherKeyFiles = @($found | Where-Object { $_.Name -ne $leaf } | ForEach-Object { [string]$_.Name })
  } catch { Add-RdError 'listing' $_ }
  if ($result.exists) {
    try {
      $acl = Get-RdAcl $file
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
