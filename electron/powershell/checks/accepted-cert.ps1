# The names are only compared with the subkey names: nothing from the input becomes a path.
$base = 'HKCU:\Software\Microsoft\Terminal Server Client\Servers'
$names = @([string]$in.host)
if ($null -ne $in.port -and [int]$in.port -ne 3389) { $names += ([string]$in.host + ':' + [int]$in.port) }
$list = New-Object System.Collections.ArrayList
try {
  foreach ($k in @(Get-RdRegistrySubKeys $base)) {
    if ($names -contains [string]$k.PSChildName) {
      $hash = $k.GetValue('CertHash', $null)
      if ($hash -is [byte[]]) { $hash = Convert-RdBytes $hash }
      [void]$list.Add(@{ name = [string]$k.PSChildName; certHash = $hash; usernameHint = $k.GetValue('UsernameHint', $null) })
    }
  }
} catch { Add-RdError 'servers' $_ }
Write-RdResult @{ entries = @($list) }
