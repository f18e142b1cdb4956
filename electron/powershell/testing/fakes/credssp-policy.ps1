# Group Policy "Encryption Oracle Remediation" set to Force Updated Clients.
$RdFakeRegistry = @{ 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\CredSSP\Parameters' = @{ AllowEncryptionOracle = 0 } }
function Get-RdRegistryKey([string]$Path) { Get-RdFakeKey $Path $RdFakeRegistry }
