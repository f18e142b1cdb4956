BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'checks/key-file.ps1' {
  BeforeAll {
    $script:guid = '3f1e9a42-7c55-4b1e-9d0c-2a6b8e4f1c07'
    $script:tsKey = 'f686aace6942fb7f7ceb231212eef4a4_' + $script:guid
    $script:listener = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
    $script:self = New-RdCertificate 'CN=PC-042.corp.example' -Eku @('1.3.6.1.4.1.311.54.1.2')
    $script:ca = New-RdCertificate 'CN=pc-042.corp.example' -Days 365 -CaSigned
    $script:cngName = '7a4c1f0e8b2d6a9c3e5f7b1d0a2c4e6f_' + $script:guid
    $script:capiName = 'd3b07384d113edec49eaa6238ad5ff00_' + $script:guid
    $script:reg = @{ 'HKLM:\SOFTWARE\Microsoft\Cryptography' = @{ MachineGuid = $script:guid } }
    Mock Get-RdRegistryKey { Get-RdFakeKey $Path $script:reg }
    Mock Get-RdCimInstance { New-RdTsSetting $script:self.Thumbprint }
    Mock Get-RdCertificates { $script:self }
    Mock Get-RdCertificate { if ($Store -eq 'Remote Desktop' -and $Thumbprint -eq $script:self.Thumbprint) { $script:self } elseif ($Store -eq 'My' -and $Thumbprint -eq $script:ca.Thumbprint) { $script:ca } else { throw (New-RdItemNotFound ('Cert:\LocalMachine\' + $Store + '\' + $Thumbprint)) } }
    Mock Open-RdPrivateKey { New-RdCapiKey $script:tsKey }
    Mock Get-RdChildFiles {
      if ($Path -like '*RSA*MachineKeys*') { @((New-RdFile $Path $script:tsKey), (New-RdFile $Path $script:capiName)) | Where-Object { $_.Name -like $Filter } }
      elseif ($Path -like '*Crypto*Keys*') { @(New-RdFile $Path $script:cngName 1480) | Where-Object { $_.Name -like $Filter } }
    }
    Mock Get-RdAcl { New-RdHealthyKeyAcl -German }
  }

  It 'typical: the self-signed certificate in use, its CAPI key (TSSecKeySet1) opened, the ACL with localized account names' {
    $r = Invoke-RdScript 'checks/key-file.ps1'
    $r.certificate.thumbprint | Should -Be $script:self.Thumbprint
    $r.certificate.source | Should -Be 'wmi'
    $r.certificate.selfSigned | Should -BeTrue
    $r.keyOpened | Should -BeTrue
    $r.uniqueName | Should -Be $script:tsKey
    $r.keyStorage | Should -Be 'CAPI'
    $r.path | Should -BeLike "*RSA?MachineKeys?$script:tsKey"
    $r.exists | Should -BeTrue
    $r.owner | Should -Be 'S-1-5-18'
    @($r.acl | ForEach-Object { $_.sid }) | Should -Be @('S-1-5-18', 'S-1-5-32-544', 'S-1-5-20')
    $r.acl[2].account | Should -Be 'NT-AUTORITÄT\NETZWERKDIENST'
    $r.acl[2].mask | Should -Be 1179785
    $r.aclReadable | Should -BeTrue
    @($r.errors).Count | Should -Be 0
  }

  It '11.8: a CA certificate bound by SSLCertificateSHA1Hash with a CNG key: its own key file in Crypto\Keys is examined, not TSSecKeySet1' {
    Mock Get-RdCimInstance { New-RdTsSetting $script:ca.Thumbprint }
    Mock Open-RdPrivateKey { if ($Cert.Thumbprint -eq $script:ca.Thumbprint) { New-RdCngKey $script:cngName } else { New-RdCapiKey $script:tsKey } }
    Mock Get-RdAcl { New-RdAcl 'S-1-5-32-544' @(@{ sid = 'S-1-5-18'; rights = 'FullControl'; type = 'Allow' }, @{ sid = 'S-1-5-32-544'; rights = 'FullControl'; type = 'Allow' }) }
    $r = Invoke-RdScript 'checks/key-file.ps1'
    $r.certificate.thumbprint | Should -Be $script:ca.Thumbprint
    $r.certificate.store | Should -Be 'My'
    $r.certificate.selfSigned | Should -BeFalse
    $r.keyStorage | Should -Be 'CNG'
    $r.path | Should -BeLike "*Crypto?Keys?$script:cngName"
    $r.length | Should -Be 1480
    @($r.acl | ForEach-Object { $_.sid }) | Should -Not -Contain 'S-1-5-20'
    Should -Invoke Get-RdAcl -ParameterFilter { $Path -like "*$script:cngName" } -Times 1 -Exactly
  }

  It '11.8: a CA certificate named only by the registry value, with a CAPI key in MachineKeys' {
    Mock Get-RdCimInstance { @() }
    $script:reg2 = $script:reg.Clone(); $script:reg2[$script:listener] = @{ SSLCertificateSHA1Hash = [byte[]]$script:ca.GetCertHash() }
    Mock Get-RdRegistryKey { Get-RdFakeKey $Path $script:reg2 }
    Mock Open-RdPrivateKey { New-RdCapiKey $script:capiName }
    $r = Invoke-RdScript 'checks/key-file.ps1'
    $r.certificate.source | Should -Be 'registry'
    $r.keyStorage | Should -Be 'CAPI'
    $r.path | Should -BeLike "*MachineKeys?$script:capiName"
  }

  It '11.8: a key that cannot be opened (Keyset does not exist, 0x80090016) is reported, and the self-signed key file still examined' {
    Mock Open-RdPrivateKey { throw (New-RdKeyOpenError 'Der Schlüsselsatz ist nicht vorhanden.') }
    $r = Invoke-RdScript 'checks/key-file.ps1'
    $r.keyOpened | Should -BeFalse
    $r.openError.hresult | Should -Be '0x80090016'
    $r.openError.message | Should -Be 'Der Schlüsselsatz ist nicht vorhanden.'
    $r.openError.exception | Should -Be 'System.Security.Cryptography.CryptographicException'
    $r.path | Should -BeLike "*$script:tsKey"
    $r.exists | Should -BeTrue
  }

  It 'empty: no certificate anywhere (no store yet) falls back to the TSSecKeySet1 file, which is missing too' {
    Mock Get-RdCimInstance { @() }
    Mock Get-RdCertificates { throw (New-RdStoreNotFound) }
    Mock Get-RdChildFiles { @() }
    $r = Invoke-RdScript 'checks/key-file.ps1'
    $r.certificate | Should -BeNullOrEmpty
    $r.exists | Should -BeFalse
    $r.path | Should -BeLike "*$script:tsKey"
    @($r.errors).Count | Should -Be 0
  }

  It 'single object and missing properties: WMI without a hash, one self-signed certificate, the listing as one bare file' {
    Mock Get-RdCimInstance { [pscustomobject]@{ TerminalName = 'RDP-Tcp' } }
    Mock Get-RdChildFiles { if ($Filter -eq $script:tsKey -or $Filter -like 'f686*') { New-RdFile $Path $script:tsKey } }
    $r = Invoke-RdScript 'checks/key-file.ps1'
    $r.certificate.source | Should -Be 'self-signed'
    $r.exists | Should -BeTrue
    @($r.otherKeyFiles).Count | Should -Be 0
  }

  It '11.14: the MachineKeys folder''s own ACL is read (German names), separately from the key file''s' {
    Mock Get-RdAcl { if ($Path -like '*MachineKeys') { New-RdMachineKeysFolderAcl -German } else { New-RdHealthyKeyAcl } }
    $r = Invoke-RdScript 'checks/key-file.ps1'
    $r.folder.path | Should -BeLike '*Crypto\RSA\MachineKeys'
    $r.folder.readable | Should -BeTrue
    @($r.folder.acl | ForEach-Object { $_.sid }) | Should -Be @('S-1-5-32-544', 'S-1-1-0')
    $r.folder.acl[1].account | Should -Be 'Jeder'
    $r.folder.acl[1].mask | Should -Be 131487
    @($r.acl | ForEach-Object { $_.sid }) | Should -Contain 'S-1-5-20'
  }

  It 'access denied reading the ACL is an acl error (UnauthorizedAccessException)' {
    Mock Get-RdAcl { throw (New-RdAccessDenied 'System.UnauthorizedAccessException,Microsoft.PowerShell.Commands.GetAclCommand' 'Attempted to perform an unauthorized operation.') }
    $r = Invoke-RdScript 'checks/key-file.ps1'
    $r.aclReadable | Should -BeFalse
    @($r.errors | ForEach-Object { $_.section }) | Should -Be @('acl', 'folder-acl')
    $r.errors[0].exception | Should -Be 'System.UnauthorizedAccessException'
    $r.folder.readable | Should -BeFalse
  }
}
