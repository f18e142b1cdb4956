BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'checks/cert-store.ps1' {
  BeforeAll {
    $script:listener = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
    $script:self = New-RdCertificate 'CN=PC-042.corp.example' -Eku @('1.3.6.1.4.1.311.54.1.2')
    $script:ca = New-RdCertificate 'CN=pc-042.corp.example' -Days 365 -CaSigned
    $script:old = New-RdCertificate 'CN=PC-042.corp.example' -Days 180 -AgeDays 200
    Mock Get-RdRegistryKey { $null }
  }

  It 'typical: the self-signed certificate in use, with its dates, key and usage' {
    Mock Get-RdCertificates { $script:self }
    Mock Get-RdCimInstance { New-RdTsSetting $script:self.Thumbprint }
    $r = Invoke-RdScript 'checks/cert-store.ps1'
    $r.inUse | Should -Be $script:self.Thumbprint
    $r.storeExists | Should -BeTrue
    @($r.certificates).Count | Should -Be 1
    $r.certificates[0].store | Should -Be 'Remote Desktop'
    $r.certificates[0].hasPrivateKey | Should -BeTrue
    @($r.certificates[0].eku) | Should -Be @('1.3.6.1.4.1.311.54.1.2')
    ([datetime]$r.certificates[0].notAfter).ToUniversalTime() | Should -Be $script:self.NotAfter.ToUniversalTime()
    @($r.errors).Count | Should -Be 0
  }

  It 'a CA certificate bound by SSLCertificateSHA1Hash (binary) is read from the Personal store beside the old self-signed ones' {
    Mock Get-RdRegistryKey { Get-RdFakeKey $Path @{ $script:listener = @{ SSLCertificateSHA1Hash = [byte[]]$script:ca.GetCertHash() } } }
    Mock Get-RdCertificates { @($script:self, $script:old) }
    Mock Get-RdCimInstance { New-RdTsSetting $script:ca.Thumbprint }
    Mock Get-RdCertificate { if ($Store -eq 'My' -and $Thumbprint -eq $script:ca.Thumbprint) { $script:ca } else { throw (New-RdItemNotFound ('Cert:\LocalMachine\' + $Store + '\' + $Thumbprint)) } }
    $r = Invoke-RdScript 'checks/cert-store.ps1'
    $r.configured | Should -Be $script:ca.Thumbprint
    @($r.certificates | ForEach-Object { $_.store }) | Should -Be @('Remote Desktop', 'Remote Desktop', 'My')
    $r.certificates[2].issuer | Should -Be 'CN=Contoso Issuing CA'
    @($r.errors).Count | Should -Be 0
  }

  It 'empty store: no certificates, no error' {
    Mock Get-RdCertificates { @() }
    Mock Get-RdCimInstance { @() }
    $r = Invoke-RdScript 'checks/cert-store.ps1'
    @($r.certificates).Count | Should -Be 0
    $r.storeExists | Should -BeTrue
    @($r.errors).Count | Should -Be 0
  }

  It '11.9: no "Remote Desktop" store at all means no certificate yet, not an error' {
    Mock Get-RdCertificates { throw (New-RdStoreNotFound 'Remote Desktop') }
    Mock Get-RdCimInstance { @() }
    $r = Invoke-RdScript 'checks/cert-store.ps1'
    $r.storeExists | Should -BeFalse
    @($r.certificates).Count | Should -Be 0
    @($r.errors).Count | Should -Be 0
  }

  It 'access denied on the store (German) and on WMI: errors of their sections' {
    Mock Get-RdCertificates { throw (New-RdAccessDenied 'System.Security.Cryptography.CryptographicException,Microsoft.PowerShell.Commands.GetChildItemCommand' 'Zugriff verweigert') }
    Mock Get-RdCimInstance { throw (New-RdCimAccessDenied 'HRESULT 0x80041003,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand' 'Access denied ') }
    $r = Invoke-RdScript 'checks/cert-store.ps1'
    @($r.errors | ForEach-Object { $_.section }) | Should -Be @('wmi', 'remote-desktop-store')
    $r.errors[1].message | Should -Be 'Zugriff verweigert'
    $r.storeExists | Should -BeTrue
  }

  It 'missing properties: a WMI setting without SSLCertificateSHA1Hash and a certificate without extensions' {
    $bare = New-RdCertificate 'CN=bare' -Eku @()
    Mock Get-RdCertificates { $bare }
    Mock Get-RdCimInstance { [pscustomobject]@{ TerminalName = 'RDP-Tcp' } }
    $r = Invoke-RdScript 'checks/cert-store.ps1'
    $r.inUse | Should -Be ''
    @($r.certificates[0].eku).Count | Should -Be 0
  }
}
