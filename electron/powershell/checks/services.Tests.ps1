BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'checks/services.ps1' {
  It 'typical (recorded, German display names): TermService stopped, its account from Win32_Service' {
    $r = Invoke-RdScript 'checks/services.ps1' -Fake 'testing/fakes/services.ps1'
    @($r.services | ForEach-Object { $_.name }) | Should -Be @('TermService', 'SessionEnv', 'UmRdpService', 'CryptSvc', 'KeyIso', 'CertPropSvc')
    $r.services[4].displayName | Should -Be 'CNG-Schlüsselisolation'
    $r.services[4].status | Should -Be 'Stopped'
    $r.services[0].status | Should -Be 'Stopped'
    $r.services[0].displayName | Should -Be 'Remotedesktopdienste'
    $r.services[0].account | Should -Be 'NT Authority\NetworkService'
    @($r.errors).Count | Should -Be 0
  }

  It 'empty: a service that is not installed (Windows Home) is exists=false, not an error' {
    Mock Get-RdService { $null }
    Mock Get-RdCimInstance { @() }
    $r = Invoke-RdScript 'checks/services.ps1'
    @($r.services | Where-Object { $_.exists }).Count | Should -Be 0
    @($r.errors).Count | Should -Be 0
  }

  It 'missing property: Win32_Service without StartName; statuses as enums are written by name' {
    Mock Get-RdService { [pscustomobject]@{ Name = $Name; DisplayName = $Name; Status = [System.ServiceProcess.ServiceControllerStatus]::Running; StartType = [System.ServiceProcess.ServiceStartMode]::Automatic } }
    Mock Get-RdCimInstance { [pscustomobject]@{ Name = 'x' } }
    $r = Invoke-RdScript 'checks/services.ps1'
    $r.services[0].status | Should -Be 'Running'
    $r.services[0].startType | Should -Be 'Automatic'
    $r.services[0].account | Should -Be ''
  }

  It '11.14: the services the certificate needs are read too, a disabled one as Disabled' {
    Mock Get-RdService { if ($Name -eq 'KeyIso') { [pscustomobject]@{ Name = $Name; DisplayName = 'CNG Key Isolation'; Status = 'Stopped'; StartType = 'Disabled' } } else { [pscustomobject]@{ Name = $Name; DisplayName = $Name; Status = 'Running'; StartType = 'Automatic' } } }
    Mock Get-RdCimInstance { [pscustomobject]@{ StartName = 'LocalSystem' } }
    $r = Invoke-RdScript 'checks/services.ps1'
    $k = @($r.services | Where-Object { $_.name -eq 'KeyIso' })[0]
    $k.startType | Should -Be 'Disabled'
    Should -Invoke Get-RdService -Times 1 -Exactly -ParameterFilter { $Name -eq 'CertPropSvc' }
  }

  It 'access denied on Win32_Service is an error of that service''s account; the state still reports' {
    Mock Get-RdCimInstance { throw (New-RdCimAccessDenied 'HRESULT 0x80041003,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand' 'Access denied ') }
    $r = Invoke-RdScript 'checks/services.ps1' -Fake 'testing/fakes/services.ps1'
    $r.errors[0].section | Should -Be 'account:TermService'
    $r.services[0].status | Should -Be 'Stopped'
  }
}
