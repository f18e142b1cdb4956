$group = '@FirewallAPI.dll,-28752'
$port = 3389
try { $p = Get-RegValue (Get-RdListenerKey) 'PortNumber'; if ($null -ne $p) { $port = [int]$p } } catch { Add-RdError 'listener' $_ }
$result = @{ listenerPort = $port; profiles = @(); activeProfiles = @(); remoteDesktopRules = @(); portRules = @() }
try { $result.profiles = @(Get-RdFirewallProfile | ForEach-Object { Convert-RdProfile $_ }) } catch { Add-RdError 'profiles' $_ }
try { $result.activeProfiles = @(Get-RdConnectionProfile | ForEach-Object { [string]$_.NetworkCategory }) } catch { if (-not (Test-RdNotFound $_)) { Add-RdError 'connection-profiles' $_ } }
try {
  $list = New-Object System.Collections.ArrayList
  foreach ($r in @(Get-RdFirewallRule)) {
    if ([string]$r.Group -eq $group -or [string]$r.Name -like 'RemoteDesktop-*') { [void]$list.Add((Convert-RdRule $r)) }
  }
  $result.remoteDesktopRules = @($list)
} catch { Add-RdError 'remote-desktop-rules' $_ }
try {
  $list = New-Object System.Collections.ArrayList
  foreach ($pf in @(Get-RdFirewallPortFilter)) {
    if (-not (Test-RdPort $pf.LocalPort $port -Explicit)) { continue }
    foreach ($r in @(Get-RdFirewallRuleOfFilter $pf)) {
      if ([string]$r.Direction -ne 'Inbound') { continue }
      if ([string]$r.Group -eq $group -or [string]$r.Name -like 'RemoteDesktop-*') { continue }
      if ($list.Count -lt 100) { [void]$list.Add((Convert-RdRule $r)) }
    }
  }
  $result.portRules = @($list)
} catch { Add-RdError 'port-rules' $_ }
Write-RdResult $result
