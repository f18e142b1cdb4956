# Remote Desktop switched off (fDenyTSConnections = 1); the listener itself is as Windows installs it.
$RdFakeRegistry = @{
  'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server' = @{ fDenyTSConnections = 1 }
  'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp' = @{ PortNumber = 3389; UserAuthentication = 1; SecurityLayer = 2; MinEncryptionLevel = 2 }
  'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ EditionID = 'Professional'; ProductName = 'Windows 10 Pro'; CurrentBuildNumber = '22631' }
}
function Get-RdRegistryKey([string]$Path) { Get-RdFakeKey $Path $RdFakeRegistry }
function Get-RdCimInstance([string]$Namespace, [string]$ClassName, [string]$Filter) {
  if ($ClassName -eq 'Win32_TSGeneralSetting') { New-RdTsSetting 'A85940EDEFEFB7DB70BE712992FA771F76F0FA02' }
  elseif ($ClassName -eq 'Win32_TerminalServiceSetting') { [pscustomobject]@{ AllowTSConnections = 0 } }
}
