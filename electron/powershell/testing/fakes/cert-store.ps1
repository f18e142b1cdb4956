# The self-signed Remote Desktop certificate in use expired 30 days ago.
$RdFakeCert = New-RdCertificate 'CN=PC-042.corp.example' -Days 180 -AgeDays 210 -Eku @('1.3.6.1.4.1.311.54.1.2')
function Get-RdRegistryKey([string]$Path) { $null }
function Get-RdCimInstance([string]$Namespace, [string]$ClassName, [string]$Filter) { New-RdTsSetting $RdFakeCert.Thumbprint }
function Get-RdCertificates([string]$Store) { $RdFakeCert }
function Get-RdCertificate([string]$Store, [string]$Thumbprint) { throw (New-RdItemNotFound ('Cert:\LocalMachine\' + $Store + '\' + $Thumbprint)) }
