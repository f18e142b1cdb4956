# Writes SSLCertificateSHA1Hash back (REG_BINARY) as it was before the repair.
$t = ([string]$in.thumbprint).ToUpperInvariant()
if ($t -notmatch '^[0-9A-F]{40}$') { throw 'RDPDOCTOR: invalid thumbprint.' }
$bytes = New-Object byte[] 20
for ($i = 0; $i -lt 20; $i++) { $bytes[$i] = [Convert]::ToByte($t.Substring($i * 2, 2), 16) }
Set-RdRegistryValue (Get-RdListenerKey) 'SSLCertificateSHA1Hash' $bytes 'Binary'
Write-RdResult @{ restored = $t }
