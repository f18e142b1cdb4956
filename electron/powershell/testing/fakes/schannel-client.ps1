# Windows 11 23H2 (build 22631) with TLS 1.0 and 1.1 switched off for the client by an administrator.
$RdFakeTls = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\'
$RdFakeRegistry = @{
  ($RdFakeTls + 'TLS 1.0\Client') = @{ Enabled = 0; DisabledByDefault = 1 }
  ($RdFakeTls + 'TLS 1.1\Client') = @{ Enabled = 0; DisabledByDefault = 1 }
  'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ CurrentBuildNumber = '22631'; ProductName = 'Windows 10 Pro'; InstallationType = 'Client' }
}
function Get-RdRegistryKey([string]$Path) { Get-RdFakeKey $Path $RdFakeRegistry }
