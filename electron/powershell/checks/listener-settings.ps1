$ts = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
$ls = Get-RdListenerKey
$pol = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
$reg = @{}; $policy = @{}; $wmi = $null
try {
  $reg['fDenyTSConnections'] = Get-RegValue $ts 'fDenyTSConnections'
  foreach ($n in @('PortNumber', 'UserAuthentication', 'SecurityLayer', 'MinEncryptionLevel', 'SSLCertificateSHA1Hash')) { $reg[$n] = Get-RegValue $ls $n }
} catch { Add-RdError 'listener' $_ }
try {
  foreach ($n in @('fDenyTSConnections', 'UserAuthentication', 'SecurityLayer', 'MinEncryptionLevel')) { $policy[$n] = Get-RegValue $pol $n }
} catch { Add-RdError 'policy' $_ }
try {
  $g = Get-RdTsSetting
  $wmi = @{ found = ($null -ne $g) }
  if ($g) {
    $wmi['SecurityLayer'] = $g.SecurityLayer
    $wmi['UserAuthenticationRequired'] = $g.UserAuthenticationRequired
    $wmi['MinEncryptionLevel'] = $g.MinEncryptionLevel
    $wmi['SSLCertificateSHA1Hash'] = [string]$g.SSLCertificateSHA1Hash
  }
  $s = @(Get-RdCimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName 'Win32_TerminalServiceSetting') | Select-Object -First 1
  if ($s) { $wmi['AllowTSConnections'] = $s.AllowTSConnections }
} catch { Add-RdError 'wmi' $_ }
# The edition: Home (EditionID Core, CoreN, CoreSingleLanguage, CoreCountrySpecific) cannot host Remote Desktop.
# (ProductName says "Windows 10" on Windows 11 too; EditionID is the reliable value.)
$edition = Get-RdWindowsVersion 'edition' @{ editionId = 'EditionID'; productName = 'ProductName'; build = 'CurrentBuildNumber' }
Write-RdResult @{ registry = $reg; policy = $policy; wmi = $wmi; edition = $edition }
