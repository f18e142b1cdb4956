# Windows Server 2019 (build 17763) hardened by a script that also switched TLS 1.2 off for the server.
$RdFakeTls = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\'
$RdFakeRegistry = @{
  ($RdFakeTls + 'TLS 1.0\Server') = @{ Enabled = 0; DisabledByDefault = 1 }
  ($RdFakeTls + 'TLS 1.1\Server') = @{ Enabled = 0; DisabledByDefault = 1 }
  ($RdFakeTls + 'TLS 1.2\Server') = @{ Enabled = 0; DisabledByDefault = 1 }
  'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ CurrentBuildNumber = '17763'; ProductName = 'Windows Server 2019 Standard'; InstallationType = 'Server' }
}
function Get-RdRegistryKey([string]$Path) { Get-RdFakeKey $Path $RdFakeRegistry }
