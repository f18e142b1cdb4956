# A German Windows Server: the Remote Desktop rules exist but are switched off.
$RdFakeGroup = '@FirewallAPI.dll,-28752'
$RdFakeSvchost = '%SystemRoot%\system32\svchost.exe'
function Get-RdRegistryKey([string]$Path) { $null }
function Get-RdConnectionProfile { [pscustomobject]@{ NetworkCategory = 'DomainAuthenticated' } }
function Get-RdFirewallProfile { (New-RdFirewallProfile 'Domain'); (New-RdFirewallProfile 'Private'); (New-RdFirewallProfile 'Public') }
function Get-RdFirewallRule([string]$Direction, [string]$Action, [string]$Enabled) {
  New-RdFakeRule 'RemoteDesktop-UserMode-In-TCP' 'Remotedesktop - Benutzermodus (TCP eingehend)' -Direction Inbound -Action Allow -Enabled 'False' -Group $RdFakeGroup
  New-RdFakeRule 'RemoteDesktop-UserMode-In-UDP' 'Remotedesktop - Benutzermodus (UDP eingehend)' -Direction Inbound -Action Allow -Enabled 'False' -Group $RdFakeGroup
  New-RdFakeRule 'RemoteDesktop-Shadow-In-TCP' 'Remotedesktop - Schatten (TCP eingehend)' -Direction Inbound -Action Allow -Enabled 'False' -Group $RdFakeGroup
}
function Get-RdFirewallPortFilter { (New-RdPortFilter 'RemoteDesktop-UserMode-In-TCP' 'TCP' '3389'); (New-RdPortFilter 'RemoteDesktop-UserMode-In-UDP' 'UDP' '3389'); (New-RdPortFilter 'RemoteDesktop-Shadow-In-TCP' 'TCP') }
function Get-RdFirewallApplicationFilter { (New-RdApplicationFilter 'RemoteDesktop-UserMode-In-TCP' $RdFakeSvchost); (New-RdApplicationFilter 'RemoteDesktop-UserMode-In-UDP' $RdFakeSvchost); (New-RdApplicationFilter 'RemoteDesktop-Shadow-In-TCP' '%SystemRoot%\system32\RdpSa.exe') }
function Get-RdFirewallAddressFilter { @() }
