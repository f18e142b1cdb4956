BeforeAll {
  . (Join-Path $PSScriptRoot '../testing/RdTest.ps1')
  $undoId = '0f8fad5b-d9cb-469f-a165-70867728950e'
  $group = '@FirewallAPI.dll,-28752'
  $listener = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
  function Same([string]$Before) { Compare-FmSnapshot $Before (Get-FmSnapshot) | Should -BeNullOrEmpty }
}

Describe 'the listener, firewall and service fixes on a fake machine: apply, undo to the exact earlier state, failure half-way' {
  BeforeEach {
    Initialize-RdFakeWindows
    Add-FmFirewallRule @{ Name = 'RemoteDesktop-UserMode-In-TCP'; Group = $group; Enabled = 'False'; Profile = 'Any' }
    Add-FmFirewallRule @{ Name = 'RemoteDesktop-UserMode-In-UDP'; Group = $group; Enabled = 'False'; Profile = 'Any'; Protocol = 'UDP' }
    Use-RdFakeMachine
  }

  It 'enable-rdp: fDenyTSConnections 0 and the group enabled; undo puts both back' {
    Set-FmRegistryValue 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server' 'fDenyTSConnections' 1
    $before = Get-FmSnapshot
    $r = Invoke-RdScriptCapture 'fixes/enable-rdp.ps1' @{}
    $r.error | Should -BeNullOrEmpty
    $r.json.beforeDeny | Should -Be 1
    (Compare-FmSnapshot $before (Get-FmSnapshot)) | Should -Be @('registry:HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server', 'rules:RemoteDesktop-UserMode-In-TCP', 'rules:RemoteDesktop-UserMode-In-UDP')
    $null = Invoke-RdScriptCapture 'fixes/enable-rdp-undo.ps1' @{ beforeDeny = $r.json.beforeDeny; rules = @($r.json.rules) }
    Same $before
  }

  It 'enable-rdp fails half-way (WMI throws): the state read before still comes out' {
    Set-FmFailure 'Invoke-RdCimMethod' 'SetAllowTSConnections' 'Invalid class'
    $r = Invoke-RdScriptCapture 'fixes/enable-rdp.ps1' @{}
    [string]$r.error | Should -Be 'Invalid class'
    @($r.json.rules).Count | Should -Be 2
  }

  It 'firewall-apply: the built-in rules enabled for port 3389; undo; with a moved port its own rules created and removed again' {
    $before = Get-FmSnapshot
    $r = Invoke-RdScriptCapture 'fixes/firewall-apply.ps1' @{ undoId = $undoId; profiles = @('Private') }
    $r.error | Should -BeNullOrEmpty
    (Compare-FmSnapshot $before (Get-FmSnapshot)) | Should -Be @('rules:RemoteDesktop-UserMode-In-TCP', 'rules:RemoteDesktop-UserMode-In-UDP')
    $null = Invoke-RdScriptCapture 'fixes/firewall-undo.ps1' @{ before = @($r.json.before); created = @($r.json.created) }
    Same $before
    Set-FmRegistryValue $listener 'PortNumber' 3390
    $before = Get-FmSnapshot
    $r = Invoke-RdScriptCapture 'fixes/firewall-apply.ps1' @{ undoId = $undoId; profiles = @('Private', 'Domain') }
    @($r.json.created) | Should -Be @('RDPDoctor-RemoteDesktop-In-TCP-3390', 'RDPDoctor-RemoteDesktop-In-UDP-3390')
    (Get-FmState).Rules['RDPDoctor-RemoteDesktop-In-TCP-3390'].Profile | Should -Be 'Private, Domain'
    $null = Invoke-RdScriptCapture 'fixes/firewall-undo.ps1' @{ before = @($r.json.before); created = @($r.json.created) }
    Same $before
  }

  It 'firewall-apply fails half-way (the UDP rule refuses): undo data for the TCP rule comes out and undo restores it' {
    $before = Get-FmSnapshot
    Set-FmFailure 'Set-RdFirewallRuleEnabled' 'RemoteDesktop-UserMode-In-UDP' 'Access is denied.'
    $r = Invoke-RdScriptCapture 'fixes/firewall-apply.ps1' @{ undoId = $undoId; profiles = @('Private') }
    [string]$r.error | Should -Be 'Access is denied.'
    @($r.json.before).name | Should -Contain 'RemoteDesktop-UserMode-In-TCP'
    $null = Invoke-RdScriptCapture 'fixes/firewall-undo.ps1' @{ before = @($r.json.before); created = @($r.json.created) }
    Same $before
  }

  It 'set-nla and set-security-layer: the value changes through WMI; running again with the value before restores it' {
    Set-FmRegistryValue $listener 'UserAuthentication' 1
    Set-FmRegistryValue $listener 'SecurityLayer' 2
    $before = Get-FmSnapshot
    $n = Invoke-RdScriptCapture 'fixes/set-nla.ps1' @{ required = $false }
    $n.json.before | Should -Be 1
    $l = Invoke-RdScriptCapture 'fixes/set-security-layer.ps1' @{ securityLayer = 1 }
    $l.json.before | Should -Be 2
    (Get-FmState).Registry[$listener]['UserAuthentication'] | Should -Be 0
    (Get-FmState).Registry[$listener]['SecurityLayer'] | Should -Be 1
    $null = Invoke-RdScriptCapture 'fixes/set-nla.ps1' @{ required = ($n.json.before -ne 0) }
    $null = Invoke-RdScriptCapture 'fixes/set-security-layer.ps1' @{ securityLayer = $l.json.before }
    Same $before
  }

  It 'start-services: a disabled, stopped TermService is set to Manual and started; undo; a failure half-way keeps the states read' {
    $s = (Get-FmState).Services['TermService']; $s.Status = 'Stopped'; $s.StartType = 'Disabled'
    (Get-FmState).Services['SessionEnv'].Status = 'Stopped'
    $before = Get-FmSnapshot
    $r = Invoke-RdScriptCapture 'fixes/start-services.ps1' @{}
    $r.error | Should -BeNullOrEmpty
    (Get-FmService 'TermService').Status | Should -Be 'Running'
    (Get-FmService 'TermService').StartType | Should -Be 'Manual'
    $null = Invoke-RdScriptCapture 'fixes/start-services-undo.ps1' @{ before = @($r.json.before) }
    Same $before
    Set-FmFailure 'Start-RdService' 'SessionEnv' 'Cannot start service SessionEnv on computer ''.''.'
    $r = Invoke-RdScriptCapture 'fixes/start-services.ps1' @{}
    [string]$r.error | Should -BeLike 'Cannot start service SessionEnv*'
    @($r.json.before).name | Should -Be @('TermService', 'SessionEnv')
    $null = Invoke-RdScriptCapture 'fixes/start-services-undo.ps1' @{ before = @($r.json.before) }
    Same $before
  }
}
