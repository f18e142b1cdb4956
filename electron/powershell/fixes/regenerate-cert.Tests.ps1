BeforeAll {
  . (Join-Path $PSScriptRoot '../testing/RdTest.ps1')
  $undoId = '0f8fad5b-d9cb-469f-a165-70867728950e'
  $undoDir = 'C:\ProgramData\RDPDoctor\Undo\' + $undoId
  # What Windows does when SessionEnv starts without a self-signed certificate: it makes a new one.
  $makeNew = {
    param($Name)
    if ($Name -ne 'SessionEnv' -and $Name -ne 'TermService') { return }
    $self = @(Get-FmStoreList 'Remote Desktop' | Where-Object { $_.Subject -eq $_.Issuer })
    if ($self.Count -eq 0) { Add-FmCertificate 'Remote Desktop' (New-RdCertificate 'CN=PC-042' 180 0) }
  }
}

Describe 'fixes/regenerate-cert.ps1 and regenerate-cert-undo.ps1 on a fake machine' {
  BeforeEach {
    Initialize-RdFakeWindows -KeyFile
    $old = New-RdCertificate 'CN=PC-042' 180 200
    $ca = New-RdCertificate 'CN=pc-042.corp.example' 365 10 -CaSigned
    Add-FmCertificate 'Remote Desktop' $old
    Add-FmCertificate 'Remote Desktop' $ca
    Set-FmOnServiceStart $makeNew
    Use-RdFakeMachine
  }

  It 'deletes only the self-signed certificate (the CA certificate stays), restarts SessionEnv, reports the new one' {
    $before = Get-FmSnapshot
    $r = Invoke-RdScriptCapture 'fixes/regenerate-cert.ps1' @{ undoId = $undoId; thumbprint = $null }
    $r.error | Should -BeNullOrEmpty
    @($r.json.removed).thumbprint | Should -Be @($old.Thumbprint)
    $r.json.removed[0].cer | Should -Be ($undoDir + '\' + $old.Thumbprint + '.cer')
    $thumbs = @(Get-FmStoreList 'Remote Desktop' | ForEach-Object { $_.Thumbprint })
    $thumbs | Should -Contain $ca.Thumbprint
    $thumbs | Should -Not -Contain $old.Thumbprint
    $r.json.newThumbprint | Should -Not -BeNullOrEmpty
    $thumbs | Should -Contain $r.json.newThumbprint
    # What changed: the store, the service's restart, and the undo folder; nothing else.
    Compare-FmSnapshot $before (Get-FmSnapshot) | Where-Object { $_ -notlike 'files:C:\ProgramData\RDPDoctor*' } | Should -Be @('stores:Remote Desktop')
    (Get-FmJournal) | Should -Contain ('certificate removed Remote Desktop\' + $old.Thumbprint)
    (Get-FmJournal) | Should -Contain 'service SessionEnv Running'
  }

  It 'never deletes a CA certificate, even when its thumbprint is asked for' {
    $r = Invoke-RdScriptCapture 'fixes/regenerate-cert.ps1' @{ undoId = $undoId; thumbprint = $ca.Thumbprint }
    [string]$r.error | Should -BeLike 'RDPDOCTOR-NOT-FOUND*'
    @(Get-FmStoreList 'Remote Desktop').Count | Should -Be 2
  }

  It 'fails half-way (Restart-Service throws after the certificate was removed) and still prints the undo data; undo puts it back' {
    $before = Get-FmSnapshot
    Set-FmFailure 'Restart-RdService' 'SessionEnv' 'Service ''Remote Desktop Configuration (SessionEnv)'' cannot be started.'
    $r = Invoke-RdScriptCapture 'fixes/regenerate-cert.ps1' @{ undoId = $undoId; thumbprint = $old.Thumbprint }
    [string]$r.error | Should -BeLike '*cannot be started*'
    $r.lines | Should -Be 1
    @($r.json.removed).thumbprint | Should -Be @($old.Thumbprint)
    $r.json.restarted | Should -BeFalse
    @(Get-FmStoreList 'Remote Desktop' | ForEach-Object { $_.Thumbprint }) | Should -Not -Contain $old.Thumbprint
    $u = Invoke-RdScriptCapture 'fixes/regenerate-cert-undo.ps1' @{ undoId = $undoId; thumbprints = @($r.json.removed | ForEach-Object { $_.thumbprint }) }
    $u.error | Should -BeNullOrEmpty
    @($u.json.restored) | Should -Be @($old.Thumbprint)
    Compare-FmSnapshot $before (Get-FmSnapshot) | Where-Object { $_ -notlike 'files:C:\ProgramData\RDPDoctor*' } | Should -BeNullOrEmpty
  }

  It 'a key that cannot be exported: the deletion goes on, the .cer is kept, undo says it cannot put it back' {
    Set-FmFailure 'Export-RdPfx' '*' (New-RdAccessDenied 'CryptographicException' 'Key not valid for use in specified state.')
    $r = Invoke-RdScriptCapture 'fixes/regenerate-cert.ps1' @{ undoId = $undoId; thumbprint = $null }
    $r.error | Should -BeNullOrEmpty
    $r.json.removed[0].pfx | Should -BeNullOrEmpty
    $r.json.errors[0].section | Should -Be ('export-pfx:' + $old.Thumbprint)
    $u = Invoke-RdScriptCapture 'fixes/regenerate-cert-undo.ps1' @{ undoId = $undoId; thumbprints = @($old.Thumbprint) }
    @($u.json.notRestorable) | Should -Be @($old.Thumbprint)
  }

  It 'waits a bounded time when Windows makes no new certificate, and says so' {
    Set-FmOnServiceStart $null
    $r = Invoke-RdScriptCapture 'fixes/regenerate-cert.ps1' @{ undoId = $undoId; thumbprint = $null }
    $r.error | Should -BeNullOrEmpty
    $r.json.newThumbprint | Should -BeNullOrEmpty
    Should -Invoke Start-RdSleep -Times 30 -Exactly
  }
}
