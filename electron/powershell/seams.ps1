# The seams: every Windows-only command the scripts use is called here and nowhere else, so the
# Pester tests (*.Tests.ps1) can put recorded Windows data in its place (Mock Get-RdX { ... }).
# Each seam returns what the command returns (the same objects) and lets its errors through, so the
# scripts' error handling meets the real error records on Windows and the recorded ones in tests.

# Registry: the key (Microsoft.Win32.RegistryKey), or $null when it does not exist.
function Get-RdRegistryKey([string]$Path) {
  try { return (Get-Item -LiteralPath $Path -ErrorAction Stop) }
  catch [System.Management.Automation.ItemNotFoundException] { return $null }
}
# Registry: the subkeys of a key; none when the key does not exist.
function Get-RdRegistrySubKeys([string]$Path) {
  try { return @(Get-ChildItem -LiteralPath $Path -ErrorAction Stop) }
  catch [System.Management.Automation.ItemNotFoundException] { return @() }
}
# WMI / CIM instances of one class.
function Get-RdCimInstance([string]$Namespace, [string]$ClassName, [string]$Filter) {
  $p = @{ ClassName = $ClassName; ErrorAction = 'Stop' }
  if ($Namespace) { $p['Namespace'] = $Namespace }
  if ($Filter) { $p['Filter'] = $Filter }
  return @(Get-CimInstance @p)
}
# Firewall (NetSecurity), always the active (effective) policy store.
function Get-RdFirewallProfile { return @(Get-NetFirewallProfile -PolicyStore ActiveStore -ErrorAction Stop) }
function Get-RdFirewallRule([string]$Direction, [string]$Action, [string]$Enabled) {
  $p = @{ PolicyStore = 'ActiveStore'; ErrorAction = 'Stop' }
  if ($Direction) { $p['Direction'] = $Direction }
  if ($Action) { $p['Action'] = $Action }
  if ($Enabled) { $p['Enabled'] = $Enabled }
  return @(Get-NetFirewallRule @p)
}
# Every filter of one kind in the active store (each carries its rule's InstanceID).
function Get-RdFirewallPortFilter { return @(Get-NetFirewallPortFilter -PolicyStore ActiveStore -All -ErrorAction Stop) }
function Get-RdFirewallApplicationFilter { return @(Get-NetFirewallApplicationFilter -PolicyStore ActiveStore -All -ErrorAction Stop) }
function Get-RdFirewallAddressFilter { return @(Get-NetFirewallAddressFilter -PolicyStore ActiveStore -All -ErrorAction Stop) }
# Network (NetConnection, NetAdapter, NetTCPIP, VpnClient).
function Get-RdConnectionProfile { return @(Get-NetConnectionProfile -ErrorAction Stop) }
function Get-RdNetAdapter([switch]$Physical) {
  if ($Physical) { return @(Get-NetAdapter -Physical -ErrorAction Stop) }
  return @(Get-NetAdapter -ErrorAction Stop)
}
function Get-RdAdapterPowerManagement([string]$Name) { return (Get-NetAdapterPowerManagement -Name $Name -ErrorAction Stop) }
# The default routes (IPv4 and IPv6); none when there is none.
function Get-RdDefaultRoute { return @(Get-NetRoute -DestinationPrefix '0.0.0.0/0', '::/0' -ErrorAction SilentlyContinue) }
function Get-RdVpnConnection([switch]$AllUsers) {
  if ($AllUsers) { return @(Get-VpnConnection -AllUserConnection -ErrorAction Stop) }
  return @(Get-VpnConnection -ErrorAction Stop)
}
# Event log.
function Get-RdWinEvent([hashtable]$Filter, [int]$MaxEvents) { return @(Get-WinEvent -FilterHashtable $Filter -MaxEvents $MaxEvents -ErrorAction Stop) }
# Certificates of a LocalMachine store ('Remote Desktop', 'My'); one by thumbprint throws ItemNotFoundException when absent.
function Get-RdCertificates([string]$Store) { return @(Get-ChildItem -LiteralPath ('Cert:\LocalMachine\' + $Store) -ErrorAction Stop) }
function Get-RdCertificate([string]$Store, [string]$Thumbprint) { return (Get-Item -LiteralPath ('Cert:\LocalMachine\' + $Store + '\' + $Thumbprint) -ErrorAction Stop) }
# Files and their security descriptors.
function Get-RdChildFiles([string]$Path, [string]$Filter) { return @(Get-ChildItem -LiteralPath $Path -Filter $Filter -Force -ErrorAction Stop) }
function Get-RdAcl([string]$Path) { return (Get-Acl -LiteralPath $Path -ErrorAction Stop) }
# A service; $null when it is not installed.
function Get-RdService([string]$Name) { return (Get-Service -Name $Name -ErrorAction SilentlyContinue) }
