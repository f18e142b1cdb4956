BeforeAll {
  . (Join-Path $PSScriptRoot '../testing/RdTest.ps1')
  $listener = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
  $stale = '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C'
  function ConvertTo-Bytes([string]$Hex) { return , [byte[]]@(for ($i = 0; $i -lt $Hex.Length; $i += 2) { [Convert]::ToByte($Hex.Substring($i, 2), 16) }) }
}

Describe 'fixes/clear-cert-hash.ps1 (a stale SSLCertificateSHA1Hash, 11.14) and its undo' {
  BeforeEach {
    Initialize-RdFakeWindows -KeyFile
    $self = New-RdCertificate 'CN=PC-042' 180 10
    Add-FmCertificate 'Remote Desktop' $self
    Set-FmRegistryValue $listener 'SSLCertificateSHA1Hash' (ConvertTo-Bytes $stale)
    Use-RdFakeMachine
  }

  It 'removes only the value; the listener falls back to the self-signed certificate; the cert-store check sees no configured hash; undo writes the same bytes back' {
    $before = Get-FmSnapshot
    (Get-FmCimInstance '' 'Win32_TSGeneralSetting' '')[0].SSLCertificateSHA1Hash | Should -Be $stale
    $r = Invoke-RdScriptCapture 'fixes/clear-cert-hash.ps1' @{ thumbprint = $stale }
    $r.error | Should -BeNullOrEmpty
    $r.json.removed | Should -BeTrue
    Compare-FmSnapshot $before (Get-FmSnapshot) | Should -Be @('registry:' + $listener)
    (Get-FmJournal) | Should -Be @('registry remove ' + $listener + '\SSLCertificateSHA1Hash')
    (Get-FmCimInstance '' 'Win32_TSGeneralSetting' '')[0].SSLCertificateSHA1Hash | Should -Be $self.Thumbprint
    $check = Invoke-RdScript 'checks/cert-store.ps1'
    $check.configured | Should -BeNullOrEmpty
    $u = Invoke-RdScriptCapture 'fixes/clear-cert-hash-undo.ps1' @{ thumbprint = $r.json.thumbprint }
    $u.error | Should -BeNullOrEmpty
    Compare-FmSnapshot $before (Get-FmSnapshot) | Should -BeNullOrEmpty
    ((Get-FmState).Registry[$listener]['SSLCertificateSHA1Hash']).GetType().Name | Should -Be 'Byte[]'
  }

  It 'never removes a hash that names a certificate in a store (Personal or Remote Desktop)' {
    $ca = New-RdCertificate 'CN=pc-042.corp.example' 365 10 -CaSigned
    Add-FmCertificate 'My' $ca
    Set-FmRegistryValue $listener 'SSLCertificateSHA1Hash' (ConvertTo-Bytes $ca.Thumbprint)
    $r = Invoke-RdScriptCapture 'fixes/clear-cert-hash.ps1' @{ thumbprint = $ca.Thumbprint }
    [string]$r.error | Should -BeLike 'RDPDOCTOR-PRECONDITION certificate-present:*My store*'
    (Get-FmJournal) | Should -BeNullOrEmpty
  }

  It 'changes nothing when the value changed since the check' {
    $r = Invoke-RdScriptCapture 'fixes/clear-cert-hash.ps1' @{ thumbprint = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }
    [string]$r.error | Should -BeLike 'RDPDOCTOR-PRECONDITION hash-changed:*'
    (Get-FmJournal) | Should -BeNullOrEmpty
  }

  It 'prints the value before also when the removal fails (access denied)' {
    Set-FmFailure 'Remove-RdRegistryValue' '*' (New-RdAccessDenied 'System.Security.SecurityException,Microsoft.PowerShell.Commands.RemoveItemPropertyCommand' 'Requested registry access is not allowed.')
    $r = Invoke-RdScriptCapture 'fixes/clear-cert-hash.ps1' @{ thumbprint = $stale }
    [string]$r.error | Should -BeLike '*registry access*'
    $r.json.thumbprint | Should -Be $stale
    $r.json.removed | Should -BeFalse
  }
}
