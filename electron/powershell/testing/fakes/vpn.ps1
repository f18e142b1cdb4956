# Cisco AnyConnect is up and carries the default route.
function Get-RdNetAdapter([switch]$Physical) {
  [pscustomobject]@{ Name = 'Ethernet'; InterfaceDescription = 'Intel(R) Ethernet Connection (7) I219-LM'; Status = 'Up'; ifIndex = 12; InterfaceType = 6 }
  [pscustomobject]@{ Name = 'Ethernet 2'; InterfaceDescription = 'Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64'; Status = 'Up'; ifIndex = 27; InterfaceType = 53 }
}
function Get-RdDefaultRoute { [pscustomobject]@{ ifIndex = 27; DestinationPrefix = '0.0.0.0/0'; RouteMetric = 1 }; [pscustomobject]@{ ifIndex = 12; DestinationPrefix = '0.0.0.0/0'; RouteMetric = 0 } }
function Get-RdVpnConnection([switch]$AllUsers) { @() }
