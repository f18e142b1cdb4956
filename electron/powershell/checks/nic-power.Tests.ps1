BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'checks/nic-power.ps1' {
  It 'typical (recorded): the adapter with the default route, its class subkey and power setting' {
    $r = Invoke-RdScript 'checks/nic-power.ps1' -Fake 'testing/fakes/nic-power.ps1'
    @($r.adapters).Count | Should -Be 1
    $r.adapters[0].classSubkey | Should -Be '0001'
    $r.adapters[0].carriesDefaultRoute | Should -BeTrue
    $r.adapters[0].allowComputerToTurnOffDevice | Should -Be 'Enabled'
    @($r.errors).Count | Should -Be 0
  }

  It 'PnPCapabilities = 24 set by an administrator is read from the class key; adapters that are down are left out' {
    Mock Get-RdRegistrySubKeys { New-RdRegistryKey '0001' @{ NetCfgInstanceId = '{4E1B2C3D-5F6A-4B7C-8D9E-0A1B2C3D4E5F}'; PnPCapabilities = 24 } }
    Mock Get-RdNetAdapter { [pscustomobject]@{ Name = 'Ethernet'; InterfaceGuid = '{4E1B2C3D-5F6A-4B7C-8D9E-0A1B2C3D4E5F}'; Status = 'Up'; ifIndex = 12 }; [pscustomobject]@{ Name = 'WLAN'; InterfaceGuid = '{00000000-0000-0000-0000-000000000009}'; Status = 'Disconnected'; ifIndex = 9 } }
    Mock Get-RdAdapterPowerManagement { [pscustomobject]@{ AllowComputerToTurnOffDevice = 'Disabled' } }
    Mock Get-RdDefaultRoute { [pscustomobject]@{ ifIndex = 12 } }
    $r = Invoke-RdScript 'checks/nic-power.ps1'
    @($r.adapters | ForEach-Object { $_.name }) | Should -Be @('Ethernet')
    $r.adapters[0].pnpCapabilities | Should -Be 24
    $r.adapters[0].allowComputerToTurnOffDevice | Should -Be 'Disabled'
  }

  It 'empty: no physical adapter up (and no default route) gives no adapters, no error' {
    Mock Get-RdRegistrySubKeys { @() }
    Mock Get-RdNetAdapter { @() }
    Mock Get-RdDefaultRoute { @() }
    $r = Invoke-RdScript 'checks/nic-power.ps1'
    @($r.adapters).Count | Should -Be 0
    @($r.errors).Count | Should -Be 0
  }

  It 'missing properties: a driver without power management (Get-NetAdapterPowerManagement gives nothing), no class subkey' {
    Mock Get-RdRegistrySubKeys { New-RdRegistryKey 'Properties' @{} }
    Mock Get-RdNetAdapter { [pscustomobject]@{ Name = 'vEthernet (Standardswitch)'; InterfaceGuid = '{11111111-2222-3333-4444-555555555555}'; Status = 'Up'; ifIndex = 30 } }
    Mock Get-RdAdapterPowerManagement { $null }
    Mock Get-RdDefaultRoute { @() }
    $r = Invoke-RdScript 'checks/nic-power.ps1'
    $r.adapters[0].name | Should -Be 'vEthernet (Standardswitch)'
    $r.adapters[0].allowComputerToTurnOffDevice | Should -BeNullOrEmpty
    $r.adapters[0].classSubkey | Should -BeNullOrEmpty
    $r.adapters[0].carriesDefaultRoute | Should -BeFalse
  }

  It 'access denied on one adapter''s power settings is an error of that adapter (CimException); the adapter is still listed' {
    Mock Get-RdAdapterPowerManagement { throw (New-RdCimAccessDenied 'Windows System Error 5,Get-NetAdapterPowerManagement' 'Zugriff verweigert') }
    $r = Invoke-RdScript 'checks/nic-power.ps1' -Fake 'testing/fakes/nic-power.ps1'
    # The fake file defines the seam after Pester's mock is set: the mock must still win (aliases come first).
    $r.errors[0].section | Should -Be 'power:Ethernet'
    @($r.adapters).Count | Should -Be 1
  }
}
