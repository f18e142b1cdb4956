BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'checks/security-suites.ps1' {
  It 'typical (recorded): antivirus and firewall products from Security Center with their productState' {
    $r = Invoke-RdScript 'checks/security-suites.ps1' -Fake 'testing/fakes/security-suites.ps1'
    $r.available | Should -BeTrue
    @($r.products | ForEach-Object { $_.displayName }) | Should -Be @('Windows Defender', 'Bitdefender Antivirus Plus', 'Bitdefender Firewall')
    $r.products[2].kind | Should -Be 'FirewallProduct'
    $r.products[2].productState | Should -Be 266256
  }

  It 'the query is root/SecurityCenter2' {
    Mock Get-RdCimInstance { @() }
    $null = Invoke-RdScript 'checks/security-suites.ps1'
    Should -Invoke Get-RdCimInstance -Times 2 -Exactly -ParameterFilter { $Namespace -eq 'root/SecurityCenter2' }
  }

  It 'empty and single object: no antivirus registered, one firewall product returned bare' {
    Mock Get-RdCimInstance { if ($ClassName -eq 'FirewallProduct') { [pscustomobject]@{ displayName = 'ESET Firewall'; productState = 266240 } } }
    $r = Invoke-RdScript 'checks/security-suites.ps1'
    @($r.products).Count | Should -Be 1
    $r.products[0].path | Should -Be ''
  }

  It 'Windows Server has no Security Center: the invalid namespace (German text) means not available, not an error' {
    Mock Get-RdCimInstance { throw (New-RdCimError 'Ungültiger Namespace ' 'HRESULT 0x8004100e,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand') }
    $r = Invoke-RdScript 'checks/security-suites.ps1'
    $r.available | Should -BeFalse
    @($r.errors).Count | Should -Be 0
  }

  It 'access denied is an error of that class' {
    Mock Get-RdCimInstance { throw (New-RdCimAccessDenied 'HRESULT 0x80041003,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand' 'Access denied ') }
    $r = Invoke-RdScript 'checks/security-suites.ps1'
    @($r.errors | ForEach-Object { $_.section }) | Should -Be @('AntiVirusProduct', 'FirewallProduct')
  }
}
