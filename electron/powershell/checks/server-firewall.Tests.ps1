BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'checks/server-firewall.ps1' {
  BeforeAll {
    $script:listener = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
    $script:group = '@FirewallAPI.dll,-28752'
    Mock Get-RdRegistryKey { Get-RdFakeKey $Path @{ $script:listener = @{ PortNumber = 3389 } } }
    Mock Get-RdFirewallProfile { (New-RdFirewallProfile 'Domain'); (New-RdFirewallProfile 'Private'); (New-RdFirewallProfile 'Public') }
    Mock Get-RdConnectionProfile { [pscustomobject]@{ NetworkCategory = 'DomainAuthenticated' } }
    Mock Get-RdFirewallAddressFilter { @() }
    Mock Get-RdFirewallApplicationFilter { (New-RdApplicationFilter 'RemoteDesktop-UserMode-In-TCP' '%SystemRoot%\system32\svchost.exe'); (New-RdApplicationFilter 'RemoteDesktop-UserMode-In-UDP' '%SystemRoot%\system32\svchost.exe') }
  }

  It 'localized (German Windows): finds the Remote Desktop rules by their group resource, display names as Windows shows them' {
    Mock Get-RdFirewallRule {
      New-RdFakeRule 'RemoteDesktop-UserMode-In-TCP' 'Remotedesktop - Benutzermodus (TCP eingehend)' -Direction Inbound -Action Allow -Enabled 'False' -Group $script:group
      New-RdFakeRule 'RemoteDesktop-UserMode-In-UDP' 'Remotedesktop - Benutzermodus (UDP eingehend)' -Direction Inbound -Action Allow -Enabled 'False' -Group $script:group
      New-RdFakeRule 'FPS-SMB-In-TCP' 'Datei- und Druckerfreigabe (SMB eingehend)' -Direction Inbound -Action Allow -Group '@FirewallAPI.dll,-28502'
    }
    Mock Get-RdFirewallPortFilter {
      New-RdPortFilter 'RemoteDesktop-UserMode-In-TCP' 'TCP' '3389'
      New-RdPortFilter 'RemoteDesktop-UserMode-In-UDP' 'UDP' '3389'
      New-RdPortFilter 'FPS-SMB-In-TCP' 'TCP' '445'
    }
    $r = Invoke-RdScript 'checks/server-firewall.ps1'
    $r.listenerPort | Should -Be 3389
    @($r.remoteDesktopRules | ForEach-Object { $_.name }) | Should -Be @('RemoteDesktop-UserMode-In-TCP', 'RemoteDesktop-UserMode-In-UDP')
    $r.remoteDesktopRules[0].displayName | Should -Be 'Remotedesktop - Benutzermodus (TCP eingehend)'
    $r.remoteDesktopRules[0].enabled | Should -Be 'False'
    $r.remoteDesktopRules[0].program | Should -Be '%SystemRoot%\system32\svchost.exe'
    @($r.remoteDesktopRules[0].localPorts) | Should -Be @('3389')
    @($r.portRules).Count | Should -Be 0
    @($r.errors).Count | Should -Be 0
  }

  It '11.14: each profile''s AllowLocalFirewallRules (False under "Apply local firewall rules: No") is reported' {
    Mock Get-RdFirewallProfile { [pscustomobject]@{ Name = 'Domain'; Enabled = 'True'; DefaultInboundAction = 'Block'; DefaultOutboundAction = 'Allow'; AllowInboundRules = 'True'; AllowLocalFirewallRules = 'False' } }
    Mock Get-RdFirewallRule { @() }
    $r = Invoke-RdScript 'checks/server-firewall.ps1'
    $r.profiles[0].allowLocalFirewallRules | Should -Be 'False'
  }

  It 'a moved port (PortNumber 3390) finds an admin''s own rule for it, and reads a single rule as a list' {
    Mock Get-RdRegistryKey { Get-RdFakeKey $Path @{ $script:listener = @{ PortNumber = 3390 } } }
    Mock Get-RdFirewallRule { New-RdFakeRule 'RDP 3390' 'RDP auf 3390' -Direction Inbound -Action Allow }
    Mock Get-RdFirewallPortFilter { New-RdPortFilter 'RDP 3390' 'TCP' '3390' }
    Mock Get-RdFirewallApplicationFilter { @() }
    $r = Invoke-RdScript 'checks/server-firewall.ps1'
    $r.listenerPort | Should -Be 3390
    @($r.remoteDesktopRules).Count | Should -Be 0
    @($r.portRules | ForEach-Object { $_.name }) | Should -Be @('RDP 3390')
    $r.portRules[0].program | Should -Be 'Any'
  }

  It 'empty: no inbound rule at all, no listener key (default port)' {
    Mock Get-RdRegistryKey { $null }
    Mock Get-RdFirewallRule { throw (New-RdCimNotFound 'Get-NetFirewallRule' 'No MSFT_NetFirewallRule objects found with property ''Direction'' equal to ''Inbound''.') }
    $r = Invoke-RdScript 'checks/server-firewall.ps1'
    $r.listenerPort | Should -Be 3389
    @($r.remoteDesktopRules).Count | Should -Be 0
    @($r.errors).Count | Should -Be 0
  }

  It 'access denied on the rules is a remote-desktop-rules error; a missing cmdlet too (11.11)' {
    Mock Get-RdFirewallRule { throw (New-RdCimAccessDenied) }
    $r = Invoke-RdScript 'checks/server-firewall.ps1'
    $r.errors[0].section | Should -Be 'remote-desktop-rules'
    $r.errors[0].message | Should -Be 'Access is denied.'
    Mock Get-RdFirewallRule { Get-NetFirewallRuleNotOnThisEdition }
    (Invoke-RdScript 'checks/server-firewall.ps1').errors[0].errorId | Should -Be 'CommandNotFoundException'
  }
}
