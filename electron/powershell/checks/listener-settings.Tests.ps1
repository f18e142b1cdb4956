BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'checks/listener-settings.ps1' {
  BeforeAll {
    $script:ts = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
    $script:ls = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
    $script:pol = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
  }

  It 'typical (recorded): Remote Desktop off, listener and WMI as installed' {
    $r = Invoke-RdScript 'checks/listener-settings.ps1' -Fake 'testing/fakes/listener-settings.ps1'
    $r.registry.fDenyTSConnections | Should -Be 1
    $r.registry.PortNumber | Should -Be 3389
    $r.wmi.found | Should -BeTrue
    $r.wmi.AllowTSConnections | Should -Be 0
    $r.wmi.SSLCertificateSHA1Hash | Should -Be 'A85940EDEFEFB7DB70BE712992FA771F76F0FA02'
    $r.edition.editionId | Should -Be 'Professional'
    $r.edition.build | Should -Be '22631'
    @($r.errors).Count | Should -Be 0
  }

  It '11.14: a Home edition is reported by its EditionID (Windows 11 Home still says "Windows 10 Home")' {
    $script:keys = @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ EditionID = 'CoreSingleLanguage'; ProductName = 'Windows 10 Home Single Language'; CurrentBuildNumber = '26100' } }
    Mock Get-RdRegistryKey { Get-RdFakeKey $Path $script:keys }
    Mock Get-RdCimInstance { @() }
    $r = Invoke-RdScript 'checks/listener-settings.ps1'
    $r.edition.editionId | Should -Be 'CoreSingleLanguage'
    $r.edition.productName | Should -Be 'Windows 10 Home Single Language'
  }

  It 'policy values and a REG_BINARY certificate hash (read as hex)' {
    $keys = @{ $script:ts = @{ fDenyTSConnections = 0 }; $script:ls = @{ PortNumber = 3390; SSLCertificateSHA1Hash = [byte[]](0xA8, 0x59, 0x40, 0xED, 0xEF, 0xEF, 0xB7, 0xDB, 0x70, 0xBE, 0x71, 0x29, 0x92, 0xFA, 0x77, 0x1F, 0x76, 0xF0, 0xFA, 0x02) }; $script:pol = @{ UserAuthentication = 0; SecurityLayer = 1 } }
    $script:keys = $keys
    Mock Get-RdRegistryKey { Get-RdFakeKey $Path $script:keys }
    Mock Get-RdCimInstance { @() }
    $r = Invoke-RdScript 'checks/listener-settings.ps1'
    $r.registry.SSLCertificateSHA1Hash | Should -Be 'A85940EDEFEFB7DB70BE712992FA771F76F0FA02'
    $r.policy.UserAuthentication | Should -Be 0
    $r.policy.SecurityLayer | Should -Be 1
    $r.wmi.found | Should -BeFalse
  }

  It 'empty / missing properties: no values anywhere are nulls, not errors' {
    Mock Get-RdRegistryKey { $null }
    Mock Get-RdCimInstance { [pscustomobject]@{ TerminalName = 'RDP-Tcp' } }
    $r = Invoke-RdScript 'checks/listener-settings.ps1'
    $r.registry.PortNumber | Should -BeNullOrEmpty
    $r.policy.SecurityLayer | Should -BeNullOrEmpty
    $r.wmi.SecurityLayer | Should -BeNullOrEmpty
    @($r.errors).Count | Should -Be 0
  }

  It 'access denied: the WMI namespace (CimException 0x80041003) and the policy key (German) are errors of their sections' {
    Mock Get-RdRegistryKey { if ($Path -eq $script:pol) { throw (New-RdAccessDenied 'System.Security.SecurityException,Microsoft.PowerShell.Commands.GetItemCommand' 'Der angeforderte Registrierungszugriff ist unzulässig.') } }
    Mock Get-RdCimInstance { throw (New-RdCimAccessDenied 'HRESULT 0x80041003,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand' 'Zugriff verweigert ') }
    $r = Invoke-RdScript 'checks/listener-settings.ps1'
    @($r.errors | ForEach-Object { $_.section }) | Should -Be @('policy', 'wmi')
  }
}
