# A stale SSLCertificateSHA1Hash (it names a certificate that is in no store): the value is removed so
# the listener falls back to its self-signed certificate, as Microsoft documents. A hash that names a
# certificate that exists is never removed, nor one that changed since the check. The value before is
# printed from `finally` for undo.
$key = Get-RdListenerKey
$want = ([string]$in.thumbprint).ToUpperInvariant()
if ($want -notmatch '^[0-9A-F]{40}$') { throw 'RDPDOCTOR: invalid thumbprint.' }
$now = Get-RegValue $key 'SSLCertificateSHA1Hash'
if ($null -eq $now) { throw 'RDPDOCTOR-NOT-FOUND: SSLCertificateSHA1Hash is not set: the listener already uses its self-signed certificate.' }
if ([string]$now -ne $want) { throw ('RDPDOCTOR-PRECONDITION hash-changed: SSLCertificateSHA1Hash changed since the check (it is ' + [string]$now + ' now); nothing was changed. Run the check again.') }
foreach ($store in @('Remote Desktop', 'My')) {
  $found = $null
  try { $found = Get-RdCertificate $store $want } catch [System.Management.Automation.ItemNotFoundException] { }
  if ($found) { throw ('RDPDOCTOR-PRECONDITION certificate-present: the certificate ' + $want + ' is in the ' + $store + ' store, so the hash is not stale; nothing was changed.') }
}
$result = @{ thumbprint = $want; removed = $false }
try {
  Remove-RdRegistryValue $key 'SSLCertificateSHA1Hash'
  $result.removed = $true
} finally {
  Write-RdResult $result
}
