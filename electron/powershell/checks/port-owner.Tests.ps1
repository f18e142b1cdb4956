BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'checks/port-owner.ps1' {
  It 'typical (recorded): another program listens on 3389 (IPv4 and IPv6), with its process and service' {
    $r = Invoke-RdScript 'checks/port-owner.ps1' -Fake 'testing/fakes/port-owner.ps1'
    $r.listenerPort | Should -Be 3389
    @($r.listeners | ForEach-Object { $_.localAddress }) | Should -Be @('0.0.0.0', '::')
    $r.listeners[0].processName | Should -Be 'FernwartungAgent'
    @($r.listeners[0].services) | Should -Be @('FernwartungSvc')
  }

  It 'Remote Desktop Services on a moved port: the PortNumber decides which port is asked; svchost hosts TermService (single object)' {
    Mock Get-RdRegistryKey { Get-RdFakeKey $Path @{ 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp' = @{ PortNumber = 3390 } } }
    Mock Get-RdTcpListener { [pscustomobject]@{ LocalAddress = '0.0.0.0'; LocalPort = 3390; OwningProcess = 1180 } }
    Mock Get-RdProcess { [pscustomobject]@{ Id = 1180; ProcessName = 'svchost' } }
    Mock Get-RdCimInstance { [pscustomobject]@{ Name = 'TermService' } }
    $r = Invoke-RdScript 'checks/port-owner.ps1'
    Should -Invoke Get-RdTcpListener -Times 1 -Exactly -ParameterFilter { $Port -eq 3390 }
    Should -Invoke Get-RdCimInstance -Times 1 -Exactly -ParameterFilter { $ClassName -eq 'Win32_Service' -and $Filter -eq 'ProcessId=1180' }
    $r.listeners[0].processName | Should -Be 'svchost'
    @($r.listeners[0].services) | Should -Be @('TermService')
  }

  It 'empty: nothing listens (the CIM "not found" error) is no listener, not an error' {
    Mock Get-RdRegistryKey { $null }
    Mock Get-RdTcpListener { throw (New-RdCimNotFound 'Get-NetTCPConnection' 'No MSFT_NetTCPConnection objects found with property ''LocalPort'' equal to ''3389''.') }
    $r = Invoke-RdScript 'checks/port-owner.ps1'
    @($r.listeners).Count | Should -Be 0
    @($r.errors).Count | Should -Be 0
  }

  It 'missing property and access denied: a process that exited (German error) and a listener without services' {
    Mock Get-RdRegistryKey { $null }
    Mock Get-RdTcpListener { [pscustomobject]@{ LocalAddress = '0.0.0.0'; LocalPort = 3389; OwningProcess = 77 } }
    Mock Get-RdProcess { throw (New-RdAccessDenied 'NoProcessFoundForGivenId,Microsoft.PowerShell.Commands.GetProcessCommand' 'Es wurde kein Prozess mit der ID 77 gefunden.') }
    Mock Get-RdCimInstance { @() }
    $r = Invoke-RdScript 'checks/port-owner.ps1'
    $r.listeners[0].processName | Should -BeNullOrEmpty
    @($r.listeners[0].services).Count | Should -Be 0
    $r.errors[0].section | Should -Be 'process:77'
  }

  It 'a missing Get-NetTCPConnection (CommandNotFoundException) is a listeners error, never "nothing listens" (11.11)' {
    Mock Get-RdRegistryKey { $null }
    Mock Get-RdTcpListener { Get-NetTCPConnectionNotHere }
    $r = Invoke-RdScript 'checks/port-owner.ps1'
    $r.errors[0].section | Should -Be 'listeners'
    $r.errors[0].errorId | Should -Be 'CommandNotFoundException'
  }
}
