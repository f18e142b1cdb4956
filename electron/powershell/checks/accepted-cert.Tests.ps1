BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'checks/accepted-cert.ps1' {
  It 'typical (recorded): the entry for the host with its CertHash as hex, other servers ignored' {
    $r = Invoke-RdScript 'checks/accepted-cert.ps1' @{ host = 'pc-042.corp.example'; port = 3389 } -Fake 'testing/fakes/accepted-cert.ps1'
    @($r.entries).Count | Should -Be 1
    $r.entries[0].name | Should -Be 'pc-042.corp.example'
    $r.entries[0].certHash | Should -Be ('AB' * 20)
    $r.entries[0].usernameHint | Should -Be 'CORP\jdoe'
  }

  It 'a port other than 3389 also matches the host:port entry mstsc writes' {
    Mock Get-RdRegistrySubKeys { (New-RdRegistryKey 'pc-042' @{ CertHash = [byte[]](1..20) }); (New-RdRegistryKey 'pc-042:3390' @{ CertHash = [byte[]](21..40) }) }
    $r = Invoke-RdScript 'checks/accepted-cert.ps1' @{ host = 'pc-042'; port = 3390 }
    @($r.entries | ForEach-Object { $_.name }) | Should -Be @('pc-042', 'pc-042:3390')
  }

  It 'empty: no Servers key (never connected) gives no entries and no error' {
    Mock Get-RdRegistrySubKeys { @() }
    $r = Invoke-RdScript 'checks/accepted-cert.ps1' @{ host = 'pc-042'; port = 3389 }
    @($r.entries).Count | Should -Be 0
    @($r.errors).Count | Should -Be 0
  }

  It 'single object with a missing property: one bare key without CertHash (a name-mismatch prompt never accepted)' {
    Mock Get-RdRegistrySubKeys { New-RdRegistryKey 'Zürich-Büro-PC' @{ UsernameHint = 'FIRMA\jürgen' } }
    $r = Invoke-RdScript 'checks/accepted-cert.ps1' @{ host = 'Zürich-Büro-PC'; port = 3389 }
    $r.entries[0].certHash | Should -BeNullOrEmpty
    $r.entries[0].usernameHint | Should -Be 'FIRMA\jürgen'
  }

  It 'access denied (German) is a servers error' {
    Mock Get-RdRegistrySubKeys { throw (New-RdAccessDenied 'System.Security.SecurityException,Microsoft.PowerShell.Commands.GetChildItemCommand' 'Der angeforderte Registrierungszugriff ist unzulässig.') }
    $r = Invoke-RdScript 'checks/accepted-cert.ps1' @{ host = 'pc-042'; port = 3389 }
    $r.errors[0].section | Should -Be 'servers'
    $r.errors[0].message | Should -Be 'Der angeforderte Registrierungszugriff ist unzulässig.'
  }
}
