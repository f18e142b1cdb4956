BeforeAll {
  . (Join-Path $PSScriptRoot '../testing/RdTest.ps1')
  $guid = '4c1e2f7a-0b9d-4e8e-9a51-2f0c4d6b7e10'
  $keyFile = 'C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_' + $guid
  $undoId = '0f8fad5b-d9cb-469f-a165-70867728950e'
  $undoDir = 'C:\ProgramData\RDPDoctor\Undo\' + $undoId
  function Set-KeyAcl([string]$Owner, $Acl) { $f = Get-FmFile $keyFile; $f.Owner = $Owner; $f.Acl = @($Acl) }
  # The key-file check, run again on the machine (what verify reads). It joins paths with Join-Path,
  # which needs a drive C: to exist (on Linux: one that points at the test folder; nothing is written there).
  function Read-KeyFileCheck {
    if (-not (Get-PSDrive -Name C -ErrorAction SilentlyContinue)) { $null = New-PSDrive -Name C -PSProvider FileSystem -Root $TestDrive -Scope Global }
    Invoke-RdScript 'checks/key-file.ps1'
  }
}
AfterAll { if ($IsLinux -and (Get-PSDrive -Name C -ErrorAction SilentlyContinue)) { Remove-PSDrive -Name C -Scope Global -ErrorAction SilentlyContinue } }

Describe 'fixes/keyfile-acl.ps1 and keyfile-acl-undo.ps1 on a fake machine' {
  BeforeEach {
    Initialize-RdFakeWindows -KeyFile
    Use-RdFakeMachine
  }

  It 'grants NETWORK SERVICE read, changes nothing else, and undo restores the ACL exactly' {
    Set-KeyAcl 'S-1-5-18' @((New-FmAce 'S-1-5-18' 'F'), (New-FmAce 'S-1-5-32-544' 'F'))
    $before = Get-FmSnapshot
    $r = Invoke-RdScriptCapture 'fixes/keyfile-acl.ps1' @{ undoId = $undoId; restartSessionEnv = $true }
    $r.error | Should -BeNullOrEmpty
    $r.json.aclBackup | Should -Be ($undoDir + '\keyfile.acl')
    $r.json.ownerTaken | Should -BeFalse
    $r.json.restarted | Should -BeTrue
    $acl = (Get-FmFile $keyFile).Acl
    @($acl | Where-Object { $_.Sid -eq 'S-1-5-20' -and $_.Type -eq 'Allow' -and $_.Rights -eq 'R' }).Count | Should -Be 1
    # Only the key file (and the new undo folders) changed; the service restarted.
    $changed = Compare-FmSnapshot $before (Get-FmSnapshot)
    $changed | Where-Object { $_ -notlike 'files:C:\ProgramData\RDPDoctor*' } | Should -Be @('files:' + $keyFile)
    (Get-FmJournal) | Should -Contain 'service SessionEnv Running'
    # verify reads the state again: the check now sees NETWORK SERVICE's read entry
    $check = Read-KeyFileCheck
    @($check.acl | Where-Object { $_.sid -eq 'S-1-5-20' -and $_.type -eq 'Allow' }).Count | Should -Be 1
    $u = Invoke-RdScriptCapture 'fixes/keyfile-acl-undo.ps1' @{ undoId = $undoId; ownerTaken = $r.json.ownerTaken; ownerBefore = $r.json.ownerBefore }
    $u.error | Should -BeNullOrEmpty
    $after = Compare-FmSnapshot $before (Get-FmSnapshot)
    $after | Where-Object { $_ -notlike 'files:C:\ProgramData\RDPDoctor*' } | Should -BeNullOrEmpty
  }

  It 'removes deny entries for NETWORK SERVICE, Everyone, Authenticated Users and Users (the ones the check counts)' {
    Set-KeyAcl 'S-1-5-32-544' @((New-FmAce 'S-1-1-0' 'R' 'Deny'), (New-FmAce 'S-1-5-32-545' 'R' 'Deny'), (New-FmAce 'S-1-5-11' 'R' 'Deny'), (New-FmAce 'S-1-5-20' 'R' 'Deny'), (New-FmAce 'S-1-5-18' 'F'), (New-FmAce 'S-1-5-32-544' 'F'))
    $r = Invoke-RdScriptCapture 'fixes/keyfile-acl.ps1' @{ undoId = $undoId; restartSessionEnv = $false }
    $r.error | Should -BeNullOrEmpty
    @((Get-FmFile $keyFile).Acl | Where-Object { $_.Type -eq 'Deny' }).Count | Should -Be 0
    $u = Invoke-RdScriptCapture 'fixes/keyfile-acl-undo.ps1' @{ undoId = $undoId; ownerTaken = $false; ownerBefore = $r.json.ownerBefore }
    @((Get-FmFile $keyFile).Acl | Where-Object { $_.Type -eq 'Deny' }).Count | Should -Be 4
  }

  It 'takes ownership first where Administrators lost access (icacls /save refused), with undo of the ACL' {
    # Only SYSTEM may touch it; NETWORK SERVICE denied; owner SYSTEM: an elevated administrator cannot even read it.
    Set-KeyAcl 'S-1-5-18' @((New-FmAce 'S-1-5-20' 'R' 'Deny'), (New-FmAce 'S-1-5-18' 'F'))
    $aclBefore = Get-FmAclText (Get-FmFile $keyFile)
    $r = Invoke-RdScriptCapture 'fixes/keyfile-acl.ps1' @{ undoId = $undoId; restartSessionEnv = $false }
    $r.error | Should -BeNullOrEmpty
    $r.json.ownerTaken | Should -BeTrue
    $r.json.ownerBefore | Should -BeNullOrEmpty -Because 'the owner could not be read before ownership was taken'
    (Get-FmFile $keyFile).Owner | Should -Be 'S-1-5-32-544'
    $journal = Get-FmJournal
    $journal.IndexOf('owner ' + $keyFile + ' S-1-5-32-544') | Should -BeLessThan $journal.IndexOf('acl ' + $keyFile + ' /remove:d')
    $u = Invoke-RdScriptCapture 'fixes/keyfile-acl-undo.ps1' @{ undoId = $undoId; ownerTaken = $true; ownerBefore = $r.json.ownerBefore }
    $u.error | Should -BeNullOrEmpty
    $u.json.owner | Should -Be 'unknown'
    Get-FmAclText (Get-FmFile $keyFile) | Should -Be $aclBefore
  }

  It 'takes ownership when Administrators may read but not change the ACL, and undo gives the owner back' {
    Set-KeyAcl 'S-1-5-18' @((New-FmAce 'S-1-5-32-545' 'R'), (New-FmAce 'S-1-5-18' 'F'))
    $before = Get-FmSnapshot
    $r = Invoke-RdScriptCapture 'fixes/keyfile-acl.ps1' @{ undoId = $undoId; restartSessionEnv = $false }
    $r.error | Should -BeNullOrEmpty
    $r.json.ownerTaken | Should -BeTrue
    $r.json.ownerBefore | Should -Be 'S-1-5-18'
    $u = Invoke-RdScriptCapture 'fixes/keyfile-acl-undo.ps1' @{ undoId = $undoId; ownerTaken = $true; ownerBefore = $r.json.ownerBefore }
    $u.json.owner | Should -Be 'S-1-5-18'
    Compare-FmSnapshot $before (Get-FmSnapshot) | Where-Object { $_ -notlike 'files:C:\ProgramData\RDPDoctor*' } | Should -BeNullOrEmpty
  }

  It 'reports a refusal after taking ownership in its own words, never as "run as administrator"' {
    Set-KeyAcl 'S-1-5-18' @((New-FmAce 'S-1-5-18' 'F'))
    Set-FmFailure 'Invoke-RdTakeown' '*' 'unused'
    Mock Invoke-RdTakeown { @{ exitCode = 1; output = 'ERROR: Access is denied.' } }
    $r = Invoke-RdScriptCapture 'fixes/keyfile-acl.ps1' @{ undoId = $undoId; restartSessionEnv = $false }
    [string]$r.error | Should -BeLike 'RDPDOCTOR-PRECONDITION key-file-locked:*'
    [string]$r.error | Should -Not -Match 'access is denied|administrator privileges|run as administrator'
  }

  It 'fails half-way (the SessionEnv restart throws) and still prints the undo data, which undo uses' {
    Set-KeyAcl 'S-1-5-18' @((New-FmAce 'S-1-5-18' 'F'), (New-FmAce 'S-1-5-32-544' 'F'))
    $before = Get-FmSnapshot
    Set-FmFailure 'Restart-RdService' 'SessionEnv' 'Service ''Remote Desktop Configuration (SessionEnv)'' cannot be stopped.'
    $r = Invoke-RdScriptCapture 'fixes/keyfile-acl.ps1' @{ undoId = $undoId; restartSessionEnv = $true }
    [string]$r.error | Should -BeLike '*cannot be stopped*'
    $r.lines | Should -Be 1
    $r.json.aclBackup | Should -Be ($undoDir + '\keyfile.acl')
    $r.json.restarted | Should -BeFalse
    $null = Invoke-RdScriptCapture 'fixes/keyfile-acl-undo.ps1' @{ undoId = $undoId; ownerTaken = $r.json.ownerTaken; ownerBefore = $r.json.ownerBefore }
    Compare-FmSnapshot $before (Get-FmSnapshot) | Where-Object { $_ -notlike 'files:C:\ProgramData\RDPDoctor*' } | Should -BeNullOrEmpty
  }

  It 'prints nothing to undo when it stops before changing anything (no key file)' {
    (Get-FmState).Files.Remove($keyFile)
    $r = Invoke-RdScriptCapture 'fixes/keyfile-acl.ps1' @{ undoId = $undoId; restartSessionEnv = $true }
    [string]$r.error | Should -BeLike 'RDPDOCTOR-NOT-FOUND*'
    $r.lines | Should -Be 0
  }
}
