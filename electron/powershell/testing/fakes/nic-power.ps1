# The wired adapter carrying the default route may be switched off by Windows to save power.
$RdFakeGuid = '{4E1B2C3D-5F6A-4B7C-8D9E-0A1B2C3D4E5F}'
function Get-RdRegistrySubKeys([string]$Path) { (New-RdRegistryKey '0001' @{ NetCfgInstanceId = $RdFakeGuid }); (New-RdRegistryKey 'Properties' @{}) }
function Get-RdDefaultRoute { [pscustomobject]@{ ifIndex = 12; DestinationPrefix = '0.0.0.0/0'; RouteMetric = 0 } }
function Get-RdNetAdapter([switch]$Physical) { [pscustomobject]@{ Name = 'Ethernet'; InterfaceDescription = 'Intel(R) Ethernet Connection (7) I219-LM'; InterfaceGuid = $RdFakeGuid; MediaType = '802.3'; LinkSpeed = '1 Gbps'; Status = 'Up'; ifIndex = 12 } }
function Get-RdAdapterPowerManagement([string]$Name) { [pscustomobject]@{ Name = $Name; AllowComputerToTurnOffDevice = 'Enabled' } }
