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
# The Remote Desktop store only exists once Remote Desktop Services made its first certificate:
# its absence means "no certificate yet", not a failure to read.
$storeExists = $true
try {
  foreach ($c in @(Get-RdCertificates 'Remote Desktop')) { [void]$certs.Add((Convert-RdCert $c 'Remote Desktop')) }
} catch [System.Management.Automation.ItemNotFoundException] { $storeExists = $false } catch { Add-RdError 'remote-desktop-store' $_ }
foreach ($t in @($inUse, $configured)) {
  if (-not $t -or ([string]$t -notmatch '^[0-9A-Fa-f]{40}$')) { continue }
  $thumb = ([string]$t).ToUpperInvariant()
  $already = $false
  foreach ($x in $certs) { if ($x.thumbprint -eq $thumb) { $already = $true } }
  if ($already) { continue }
  try {
    $c = Get-RdCertificate 'My' $thumb
    [void]$certs.Add((Convert-RdCert $c 'My'))
  } catch [System.Management.Automation.ItemNotFoundException] { } catch { Add-RdError 'my-store' $_ }
}
Write-RdResult @{ inUse = $inUse; configured = $configured; storeExists = $storeExists; certificates = @($certs); checkedAt = (Get-RdDate (Get-Date)) }
