# The self-signed certificate's key (TSSecKeySet1) lost NETWORK SERVICE's read access (German Windows).
$RdFakeGuid = '6c1c7e3a-2b3d-4e5f-8a9b-0c1d2e3f4a5b'
$RdFakeKeyName = 'f686aace6942fb7f7ceb231212eef4a4_' + $RdFakeGuid
$RdFakeCert = New-RdCertificate 'CN=PC-042.corp.example' -Eku @('1.3.6.1.4.1.311.54.1.2')
$RdFakeRegistry = @{ 'HKLM:\SOFTWARE\Microsoft\Cryptography' = @{ MachineGuid = $RdFakeGuid } }
function Get-RdProgramData { 'C:\ProgramData' }
function Get-RdRegistryKey([string]$Path) { Get-RdFakeKey $Path $RdFakeRegistry }
function Get-RdCimInstance([string]$Namespace, [string]$ClassName, [string]$Filter) { New-RdTsSetting $RdFakeCert.Thumbprint }
function Get-RdCertificate([string]$Store, [string]$Thumbprint) { if ($Store -eq 'Remote Desktop') { $RdFakeCert } else { throw (New-RdItemNotFound $Thumbprint) } }
function Get-RdCertificates([string]$Store) { $RdFakeCert }
function Open-RdPrivateKey($Cert) { New-RdCapiKey $RdFakeKeyName }
function Get-RdChildFiles([string]$Path, [string]$Filter) { if ($Path -like '*RSA\MachineKeys') { New-RdFile $Path $RdFakeKeyName 1565 | Where-Object { $_.Name -like $Filter } } }
function Get-RdAcl([string]$Path) {
  if ($Path -like '*\MachineKeys') { return (New-RdMachineKeysFolderAcl -German) }
  New-RdAcl 'S-1-5-32-544' @(
    @{ sid = 'S-1-5-18'; rights = 'FullControl'; type = 'Allow'; account = 'NT-AUTORITÄT\SYSTEM' },
    @{ sid = 'S-1-5-32-544'; rights = 'FullControl'; type = 'Allow'; account = 'VORDEFINIERT\Administratoren' })
}
