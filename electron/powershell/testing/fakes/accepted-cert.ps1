# The user accepted a certificate for pc-042.corp.example before; the server now presents another one.
function Get-RdRegistrySubKeys([string]$Path) {
  New-RdRegistryKey 'pc-042.corp.example' @{ CertHash = [byte[]](0..19 | ForEach-Object { 0xAB }); UsernameHint = 'CORP\jdoe' }
  New-RdRegistryKey 'old-server' @{ UsernameHint = 'CORP\jdoe' }
}
