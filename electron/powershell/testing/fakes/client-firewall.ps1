# A German Windows 11 laptop on the company network: an outbound rule blocks the Remote Desktop client.
function Get-RdConnectionProfile { [pscustomobject]@{ Name = 'Firmennetz'; NetworkCategory = 'Private' } }
function Get-RdFirewallProfile { (New-RdFirewallProfile 'Domain'); (New-RdFirewallProfile 'Private'); (New-RdFirewallProfile 'Public') }
function Get-RdFirewallRule([string]$Direction, [string]$Action, [string]$Enabled) {
  New-RdFakeRule '{6A1C3B2E-8F5D-4E2A-9C1B-0D3E4F5A6B7C}' 'Remotedesktopverbindung blockieren'
  New-RdFakeRule '{0B5D9E1A-2C3F-4A5B-8D6E-7F8091A2B3C4}' 'Chrome-Updates blockieren'
  New-RdFakeRule 'Teams-Out' 'Microsoft Teams' -Action Allow
}
function Get-RdFirewallPortFilter { New-RdPortFilter '{0B5D9E1A-2C3F-4A5B-8D6E-7F8091A2B3C4}' 'TCP'; New-RdPortFilter 'Teams-Out' 'UDP' 'Any' '3478-3481' }
function Get-RdFirewallApplicationFilter {
  New-RdApplicationFilter '{6A1C3B2E-8F5D-4E2A-9C1B-0D3E4F5A6B7C}' '%SystemRoot%\system32\mstsc.exe'
  New-RdApplicationFilter '{0B5D9E1A-2C3F-4A5B-8D6E-7F8091A2B3C4}' 'C:\Program Files\Google\Update\GoogleUpdate.exe'
}
function Get-RdFirewallAddressFilter { @() }
