BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'checks/credssp-policy.ps1' {
  BeforeAll { $key = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\CredSSP\Parameters' }

  It 'reports the policy value when it is set (typical: Force Updated Clients)' {
    Mock Get-RdRegistryKey { Get-RdFakeKey $Path @{ $key = @{ AllowEncryptionOracle = 0 } } }
    $r = Invoke-RdScript 'checks/credssp-policy.ps1'
    $r.allowEncryptionOracle | Should -Be 0
    @($r.errors).Count | Should -Be 0
  }

  It 'reports null when the key does not exist (empty: policy not set)' {
    Mock Get-RdRegistryKey { $null }
    $r = Invoke-RdScript 'checks/credssp-policy.ps1'
    $r.allowEncryptionOracle | Should -BeNullOrEmpty
    @($r.errors).Count | Should -Be 0
  }

  It 'reports null when the key exists without the value (missing property)' {
    Mock Get-RdRegistryKey { Get-RdFakeKey $Path @{ $key = @{ Other = 1 } } }
    (Invoke-RdScript 'checks/credssp-policy.ps1').allowEncryptionOracle | Should -BeNullOrEmpty
  }

  It 'reports a section error when the key cannot be read (access denied, German message)' {
    Mock Get-RdRegistryKey { throw (New-RdAccessDenied 'System.Security.SecurityException,Microsoft.PowerShell.Commands.GetItemCommand' 'Der angeforderte Registrierungszugriff ist unzulässig.') }
    $r = Invoke-RdScript 'checks/credssp-policy.ps1'
    $r.errors[0].section | Should -Be 'AllowEncryptionOracle'
    $r.errors[0].message | Should -Be 'Der angeforderte Registrierungszugriff ist unzulässig.'
    $r.errors[0].errorId | Should -BeLike 'System.Security.SecurityException*'
  }
}
