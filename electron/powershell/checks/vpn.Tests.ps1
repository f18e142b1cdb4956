BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'checks/vpn.ps1' {
  It 'typical (recorded): the AnyConnect adapter (type 53) up, the default routes with their metrics' {
    $r = Invoke-RdScript 'checks/vpn.ps1' -Fake 'testing/fakes/vpn.ps1'
    $r.adapters[1].interfaceDescription | Should -BeLike 'Cisco AnyConnect*'
    $r.adapters[1].ifType | Should -Be 53
    @($r.routes | ForEach-Object { $_.ifIndex }) | Should -Be @(27, 12)
    @($r.connections).Count | Should -Be 0
    @($r.errors).Count | Should -Be 0
  }

  It 'a Windows VPN connection (German name, single object) and an all-users one' {
    Mock Get-RdNetAdapter { [pscustomobject]@{ Name = 'Firmen-VPN'; InterfaceDescription = 'WAN Miniport (IKEv2)'; Status = 'Up'; ifIndex = 40; InterfaceType = 131 } }
    Mock Get-RdDefaultRoute { [pscustomobject]@{ ifIndex = 40; DestinationPrefix = '0.0.0.0/0'; RouteMetric = 0 } }
    Mock Get-RdVpnConnection { if ($AllUsers) { [pscustomobject]@{ Name = 'Always On'; ServerAddress = 'aovpn.corp.example'; ConnectionStatus = 'Disconnected'; SplitTunneling = $true; TunnelType = 'Ikev2' } } else { [pscustomobject]@{ Name = 'Büro-VPN'; ServerAddress = 'vpn.firma.example'; ConnectionStatus = 'Connected'; SplitTunneling = $false; TunnelType = 'Automatic' } } }
    $r = Invoke-RdScript 'checks/vpn.ps1'
    @($r.connections | ForEach-Object { $_.name }) | Should -Be @('Büro-VPN', 'Always On')
    $r.connections[1].allUsers | Should -BeTrue
    $r.connections[0].splitTunneling | Should -BeFalse
  }

  It 'empty and missing properties: no adapters, no route, a VPN profile without SplitTunneling' {
    Mock Get-RdNetAdapter { @() }
    Mock Get-RdDefaultRoute { @() }
    Mock Get-RdVpnConnection { if (-not $AllUsers) { [pscustomobject]@{ Name = 'Alt'; ConnectionStatus = 'Disconnected' } } }
    $r = Invoke-RdScript 'checks/vpn.ps1'
    @($r.adapters).Count | Should -Be 0
    $r.connections[0].splitTunneling | Should -BeNullOrEmpty
  }

  It 'access denied on the adapters (CimException) is an adapters error; a missing VpnClient module is an error, not "no VPN" (11.11)' {
    Mock Get-RdNetAdapter { throw (New-RdCimAccessDenied 'Windows System Error 5,Get-NetAdapter' 'Zugriff verweigert') }
    Mock Get-RdDefaultRoute { @() }
    Mock Get-RdVpnConnection { Get-VpnConnectionNotOnThisEdition }
    $r = Invoke-RdScript 'checks/vpn.ps1'
    @($r.errors | ForEach-Object { $_.section }) | Should -Be @('adapters', 'vpn-connections')
    $r.errors[1].errorId | Should -Be 'CommandNotFoundException'
  }
}
