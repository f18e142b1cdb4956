BeforeAll {
  . (Join-Path $PSScriptRoot '../testing/RdTest.ps1')
  $guid = '4c1e2f7a-0b9d-4e8e-9a51-2f0c4d6b7e10'
  $mk = 'C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys'
  $keyFile = $mk + '\f686aace6942fb7f7ceb231212eef4a4_' + $guid
  $other = $mk + '\6de9cb26d2b98c01ec4e9e8b34824aa2_' + $guid
  $undoId = '0f8fad5b-d9cb-469f-a165-70867728950e'
  $user = 'S-1-5-21-1004336348-1177238915-682003330-1001'
  # What Windows does when TermService starts: without a self-signed certificate it makes a key file and a certificate.
  $windows = {
    param($Name)
    if ($Name -ne 'TermService') { return }
    $self = @(Get-FmStoreList 'Remote Desktop' | Where-Object { $_.Subject -eq $_.Issuer })
    if ($self.Count -gt 0 -or $null -eq (Get-FmFile $mk)) { return }
    Add-FmFile $keyFile 'S-1-5-18' @((New-FmAce 'S-1-5-18' 'F'), (New-FmAce 'S-1-5-32-544' 'F'), (New-FmAce 'S-1-5-20' 'R')) 'new key'
    Add-FmCertificate 'Remote Desktop' (New-RdCertificate 'CN=PC-042' 180 0)
  }
}

Describe 'fixes/reset-machinekeys-acl.ps1 (the lighter repair Microsoft documents) and its undo' {
  BeforeEach {
    Initialize-RdFakeWindows -KeyFile
    # The broken state: the folder owned by a user, the key file readable by nobody but SYSTEM, another key file owned by a user.
    $f = Get-FmFile $mk; $f.Owner = $user
    $k = Get-FmFile $keyFile; $k.Acl = @((New-FmAce 'S-1-5-18' 'F')); $k.Owner = 'S-1-5-18'
    Add-FmFile $other $user @((New-FmAce $user 'F'), (New-FmAce 'S-1-5-32-545' 'R'))
    Use-RdFakeMachine
  }

  It 'takes ownership back, grants SYSTEM/Administrators full control and NETWORK SERVICE read on the folder and every key file, restarts TermService' {
    $before = Get-FmSnapshot
    $r = Invoke-RdScriptCapture 'fixes/reset-machinekeys-acl.ps1' @{ undoId = $undoId }
    $r.error | Should -BeNullOrEmpty
    $r.json.files | Should -Be 2
    foreach ($p in @($mk, $keyFile, $other)) {
      $x = Get-FmFile $p
      $x.Owner | Should -Be 'S-1-5-32-544'
      @($x.Acl | Where-Object { $_.Sid -eq 'S-1-5-20' -and $_.Rights -eq 'R' -and $_.Type -eq 'Allow' }).Count | Should -Be 1
      @($x.Acl | Where-Object { $_.Sid -eq 'S-1-5-18' -and $_.Rights -eq 'F' }).Count | Should -BeGreaterThan 0
    }
    $j = Get-FmJournal
    $j.IndexOf('owner ' + $mk + ' S-1-5-32-544') | Should -BeLessThan $j.IndexOf('acl ' + $keyFile + ' /grant')
    $j[-1] | Should -Be 'service TermService Running'
    $changed = Compare-FmSnapshot $before (Get-FmSnapshot) | Where-Object { $_ -notlike 'files:C:\ProgramData\RDPDoctor*' }
    $changed | Should -Be @(('files:' + $mk), ('files:' + $other), ('files:' + $keyFile) | Sort-Object)
    # Undo: every ACL back, and every owner that could be read (the key file's could not: only SYSTEM could read it).
    $u = Invoke-RdScriptCapture 'fixes/reset-machinekeys-acl-undo.ps1' @{ undoId = $undoId }
    $u.error | Should -BeNullOrEmpty
    $u.json.ownersRestored | Should -Be 2
    $u.json.ownersUnknown | Should -Be 1
    Compare-FmSnapshot $before (Get-FmSnapshot) | Where-Object { $_ -notlike 'files:C:\ProgramData\RDPDoctor*' } | Should -Be @('files:' + $keyFile)
    (Get-FmFile $keyFile).Owner | Should -Be 'S-1-5-32-544'
    Get-FmAclText (Get-FmFile $keyFile) | Should -Be 'Allow:S-1-5-18:F:False'
  }

  It 'fails half-way (the TermService restart throws) and still prints the undo data; undo restores the permissions' {
    $before = Get-FmSnapshot
    Set-FmFailure 'Restart-RdService' 'TermService' 'Service ''Remote Desktop Services (TermService)'' cannot be stopped.'
    $r = Invoke-RdScriptCapture 'fixes/reset-machinekeys-acl.ps1' @{ undoId = $undoId }
    [string]$r.error | Should -BeLike '*cannot be stopped*'
    $r.json.aclBackup | Should -Not -BeNullOrEmpty
    $r.json.granted | Should -BeTrue
    $r.json.restarted | Should -BeFalse
    $null = Invoke-RdScriptCapture 'fixes/reset-machinekeys-acl-undo.ps1' @{ undoId = $undoId }
    Compare-FmSnapshot $before (Get-FmSnapshot) | Where-Object { $_ -notlike 'files:C:\ProgramData\RDPDoctor*' } | Should -Be @('files:' + $keyFile)
  }
}

Describe 'fixes/rebuild-machinekeys.ps1 (the heavy repair) and its undo' {
  BeforeEach {
    Initialize-RdFakeWindows -KeyFile
    $stale = New-RdCertificate 'CN=PC-042' 180 400
    Add-FmCertificate 'Remote Desktop' $stale
    $ca = New-RdCertificate 'CN=pc-042.corp.example' 365 10 -CaSigned
    Add-FmCertificate 'Remote Desktop' $ca
    (Get-FmFile $keyFile).Acl = @((New-FmAce 'S-1-5-18' 'F'))
    Set-FmOnServiceStart $windows
    Use-RdFakeMachine
  }

  It 'backs up and removes the stale certificate, stops TermService, renames, starts the services, then proves a new key file and a new thumbprint' {
    $r = Invoke-RdScriptCapture 'fixes/rebuild-machinekeys.ps1' @{ undoId = $undoId }
    $r.error | Should -BeNullOrEmpty
    @($r.json.removed).thumbprint | Should -Be @($stale.Thumbprint)
    $r.json.backup | Should -Be ('C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys.rdpdoctor-' + $undoId)
    $j = Get-FmJournal
    $j.IndexOf('certificate removed Remote Desktop\' + $stale.Thumbprint) | Should -BeLessThan $j.IndexOf('service TermService Stopped')
    $j.IndexOf('service TermService Stopped') | Should -BeLessThan $j.IndexOf('renamed ' + $mk + ' -> MachineKeys.rdpdoctor-' + $undoId)
    $j.IndexOf('renamed ' + $mk + ' -> MachineKeys.rdpdoctor-' + $undoId) | Should -BeLessThan $j.IndexOf('service TermService Running')
    # the old key file is in the backup; the new folder has the old folder's permissions
    Get-FmFile ($r.json.backup + '\f686aace6942fb7f7ceb231212eef4a4_' + $guid) | Should -Not -BeNullOrEmpty
    Get-FmAclText (Get-FmFile $mk) | Should -Be (Get-FmAclText (Get-FmFile $r.json.backup))
    $r.json.newKeyFile | Should -Be $keyFile
    $r.json.newThumbprint | Should -Not -BeNullOrEmpty
    $r.json.newThumbprint | Should -Not -Be $stale.Thumbprint
    @(Get-FmStoreList 'Remote Desktop' | ForEach-Object { $_.Thumbprint }) | Should -Contain $ca.Thumbprint
    $r.json.rebootNeeded | Should -BeFalse
  }

  It 'asks for a restart of the computer when a service does not start, and reports no proof it does not have' {
    Set-FmFailure 'Start-RdService' 'TermService' 'Service ''Remote Desktop Services (TermService)'' cannot be started.'
    $r = Invoke-RdScriptCapture 'fixes/rebuild-machinekeys.ps1' @{ undoId = $undoId }
    $r.error | Should -BeNullOrEmpty
    $r.json.rebootNeeded | Should -BeTrue
    $r.json.newThumbprint | Should -BeNullOrEmpty
    $r.json.newKeyFile | Should -BeNullOrEmpty
  }

  It 'fails half-way (after the rename) and still prints the undo data; undo puts the folder, the certificate and the services back' {
    $before = Get-FmSnapshot
    Set-FmFailure 'Set-RdAcl' '*' 'The security descriptor could not be written.'
    $r = Invoke-RdScriptCapture 'fixes/rebuild-machinekeys.ps1' @{ undoId = $undoId }
    [string]$r.error | Should -BeLike '*could not be written*'
    $r.json.backup | Should -Not -BeNullOrEmpty
    $r.json.termServiceStopped | Should -BeTrue
    (Get-FmService 'TermService').Status | Should -Be 'Stopped'
    $u = Invoke-RdScriptCapture 'fixes/rebuild-machinekeys-undo.ps1' @{ undoId = $undoId; thumbprints = @($r.json.removed | ForEach-Object { $_.thumbprint }); newThumbprint = $r.json.newThumbprint }
    $u.error | Should -BeNullOrEmpty
    $diff = Compare-FmSnapshot $before (Get-FmSnapshot) | Where-Object { $_ -notlike 'files:C:\ProgramData\RDPDoctor*' }
    # Only the rebuilt (empty) folder set aside remains as a trace.
    $diff | Should -Be @('files:C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys.rdpdoctor-replaced-' + $undoId)
  }

  It 'has no [System.IO.Directory]::SetAccessControl fallback (missing on .NET)' {
    [System.IO.File]::ReadAllText((Join-Path $PSScriptRoot 'rebuild-machinekeys.ps1')) | Should -Not -Match 'SetAccessControl'
  }
}
