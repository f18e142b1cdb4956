BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'checks/schannel.ps1' {
  It 'typical (recorded): TLS 1.0/1.1 client switches off on build 22631; every protocol and side reported' {
    $r = Invoke-RdScript 'checks/schannel.ps1' -Fake 'testing/fakes/schannel-client.ps1'
    @($r.protocols).Count | Should -Be 12
    $row = @($r.protocols | Where-Object { $_.protocol -eq 'TLS 1.0' -and $_.side -eq 'Client' })[0]
    $row.enabled | Should -Be 0
    $row.disabledByDefault | Should -Be 1
    $r.os.build | Should -Be '22631'
    @($r.errors).Count | Should -Be 0
  }

  It 'empty: no switch set anywhere (the usual machine) is all nulls; FIPS unset' {
    Mock Get-RdRegistryKey { $null }
    $r = Invoke-RdScript 'checks/schannel.ps1'
    @($r.protocols | Where-Object { $null -ne $_.enabled }).Count | Should -Be 0
    $r.fips | Should -BeNullOrEmpty
  }

  It 'missing property and FIPS: only DisabledByDefault set; FIPS policy on; a German product name kept' {
    $script:keys = @{
      'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server' = @{ DisabledByDefault = 0 }
      'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa\FIPSAlgorithmPolicy' = @{ Enabled = 1 }
      'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ CurrentBuildNumber = '20348'; ProductName = 'Windows Server 2022 Datacenter' }
    }
    Mock Get-RdRegistryKey { Get-RdFakeKey $Path $script:keys }
    $r = Invoke-RdScript 'checks/schannel.ps1'
    $row = @($r.protocols | Where-Object { $_.protocol -eq 'TLS 1.2' -and $_.side -eq 'Server' })[0]
    $row.enabled | Should -BeNullOrEmpty
    $row.disabledByDefault | Should -Be 0
    $r.fips | Should -Be 1
    $r.os.installationType | Should -BeNullOrEmpty
  }

  It '11.14: the Group Policy cipher-suite order is read (REG_SZ, comma-separated), null when not set' {
    $script:keys = @{ 'HKLM:\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002' = @{ Functions = 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_AES_256_GCM_SHA384' } }
    Mock Get-RdRegistryKey { Get-RdFakeKey $Path $script:keys }
    (Invoke-RdScript 'checks/schannel.ps1').cipherSuitePolicy | Should -Be 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_AES_256_GCM_SHA384'
    Mock Get-RdRegistryKey { $null }
    (Invoke-RdScript 'checks/schannel.ps1').cipherSuitePolicy | Should -BeNullOrEmpty
  }

  It 'access denied on one key is an error of that protocol and side; the others still report' {
    Mock Get-RdRegistryKey { if ($Path -like '*TLS 1.3\Server') { throw (New-RdAccessDenied 'System.Security.SecurityException,Microsoft.PowerShell.Commands.GetItemCommand' 'Requested registry access is not allowed.') } }
    $r = Invoke-RdScript 'checks/schannel.ps1'
    $r.errors[0].section | Should -Be 'TLS 1.3 Server'
    @($r.protocols).Count | Should -Be 11
  }

  It 'access denied on the Windows version key is an error of os, whose values stay null; the protocols still report' {
    Mock Get-RdRegistryKey { if ($Path -like '*\Windows NT\CurrentVersion') { throw (New-RdAccessDenied 'System.Security.SecurityException,Microsoft.PowerShell.Commands.GetItemCommand' 'Requested registry access is not allowed.') } }
    $r = Invoke-RdScript 'checks/schannel.ps1'
    @($r.errors | ForEach-Object { $_.section }) | Should -Be @('os')
    $r.os.build | Should -BeNullOrEmpty
    $r.os.installationType | Should -BeNullOrEmpty
    @($r.protocols).Count | Should -Be 12
  }
}
