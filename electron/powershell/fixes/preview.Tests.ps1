# The preview lists exactly what apply changes (issue 10.5): each fixture of testing/preview/ is loaded
# into the fake machine, its fix script runs whole, and what the script did, normalized to
# 'kind location' lines (testing/PreviewChanges.ps1), must equal the fixture's list. The same list is
# what describe() must show for the same machine (electron/fixes/testing/previewFixtures.test.ts).
# The checks' recorded output in each fixture (what describe() reads) is compared with what the checks
# print on the fixture's machine, so the two forms of one machine cannot drift apart.
BeforeDiscovery {
  . (Join-Path $PSScriptRoot '../testing/PreviewChanges.ps1')
  $fixtures = @(Get-RdPreviewFixtures)
}

BeforeAll {
  . (Join-Path $PSScriptRoot '../testing/RdTest.ps1')
  . (Join-Path $PSScriptRoot '../testing/PreviewChanges.ps1')
}

Describe 'each fix script changes exactly what its preview fixture lists (10.5)' {
  It '<Name>' -ForEach $fixtures {
    Import-RdPreviewMachine $Fixture.machine
    Use-RdFakeMachine
    $r = Invoke-RdPreviewFixture $Fixture
    $r.error | Should -BeNullOrEmpty
    ($r.changes -join "`n") | Should -Be ((Get-RdExpectedChanges $Fixture) -join "`n")
  }
}

Describe 'the checks'' recorded output in each fixture is what those checks read on its machine' {
  It '<Name>' -ForEach $fixtures {
    Import-RdPreviewMachine $Fixture.machine
    Use-RdFakeMachine
    foreach ($p in $Fixture.checks.PSObject.Properties) {
      $want = ConvertTo-Json -InputObject (Get-RdCheckProjection $p.Name $p.Value) -Depth 6 -Compress
      $got = ConvertTo-Json -InputObject (Get-RdMachineProjection $p.Name) -Depth 6 -Compress
      ($p.Name + ' ' + $got) | Should -Be ($p.Name + ' ' + $want)
    }
  }
}

Describe 'the normalization of what a script did (testing/PreviewChanges.ps1)' {
  BeforeEach { Initialize-RdFakeWindows -KeyFile }

  It 'every journal line of the fake machine has a rule; one it does not know is an error, never dropped' {
    $mk = 'C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys'
    $lines = @(
      'registry set HKLM:\SYSTEM\X\Name', 'registry remove HKLM:\SYSTEM\X\Other', 'firewall RemoteDesktop-UserMode-In-TCP enabled=True',
      'firewall RDPDoctor-RemoteDesktop-In-TCP-3390 created', 'certificate removed Remote Desktop\AB12', 'service SessionEnv Stopped',
      'service TermService start type Manual', ('owner ' + $mk + '\k1 S-1-5-32-544'), ('acl ' + $mk + '\k2 /grant'), 'acl set C:\Data'
    )
    $s = Get-FmSnapshot
    Get-RdPreviewChanges $lines $s $s | Should -Be @(
      'certificate Remote Desktop\AB12', 'file C:\Data', ('file ' + $mk + '\k1'), ('file ' + $mk + '\k2'), 'firewall RDPDoctor-RemoteDesktop-In-TCP-3390',
      'firewall RemoteDesktop-UserMode-In-TCP', 'registry HKLM\SYSTEM\X\Name', 'registry HKLM\SYSTEM\X\Other', 'service SessionEnv', 'service TermService')
    { Get-RdPreviewChanges @('firewall-profile Public changed') $s $s } | Should -Throw '*no normalization rule*'
  }

  It 'a difference between the snapshots counts also without a journal line: a registry value, a certificate, a service, a file' {
    $before = Get-FmSnapshot
    Set-FmRegistryValue 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server' 'fDenyTSConnections' 1
    Add-FmCertificate 'My' ([pscustomobject]@{ Thumbprint = 'CD34'; Subject = 'CN=a'; Issuer = 'CN=b' })
    (Get-FmState).Services['KeyIso'].StartType = 'Disabled'
    (Get-FmFile 'C:\ProgramData\Microsoft\Crypto').Owner = 'S-1-5-32-544'
    Get-RdPreviewChanges @() $before (Get-FmSnapshot) | Should -Be @(
      'certificate My\CD34', 'file C:\ProgramData\Microsoft\Crypto', 'registry HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\fDenyTSConnections', 'service KeyIso')
  }

  It 'a rename counts at the path renamed, a path inside a changed folder counts as the folder, the undo folder is left out' {
    $mk = 'C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys'
    $before = Get-FmSnapshot
    Rename-FmItem $mk 'MachineKeys.rdpdoctor-1234abcd'
    New-FmDirectory 'C:\ProgramData\RDPDoctor'
    Get-RdPreviewChanges @(Get-FmJournal) $before (Get-FmSnapshot) | Should -Be @('file ' + $mk)
  }
}
