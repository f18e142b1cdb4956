$path = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\CredSSP\Parameters'
$result = @{ allowEncryptionOracle = $null }
try { $result.allowEncryptionOracle = Get-RegValue $path 'AllowEncryptionOracle' } catch { Add-RdError 'AllowEncryptionOracle' $_ }
Write-RdResult $result
