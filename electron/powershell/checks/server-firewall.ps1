$group = '@FirewallAPI.dll,-28752'
$port = 3389
try { $p = Get-RegValue (Get-RdListenerKey) 'PortNumber'; if ($null -ne $p) { $port = [int]$p } } catch { Add-RdError 'listener' $_ }
$result = @{ listenerPort = $port; profiles = @(); activeProfiles = @(); remoteDesktopRules = @(); portRules = @() }
try { $result.profiles = @(Get-RdFirewallProfile | ForEach-Object { Convert-RdProfile $_ }) } catch { Add-RdError 'profiles' $_ }
try { $result.activeProfiles = @(Get-RdConnectionProfile | ForEach-Object { [string]$_.NetworkCategory }) } catch { if (-not (Test-RdNotFound $_)) { Add-RdError 'connection-profiles' $_ } }
# One query for the inbound rules and one per filter kind, joined on the rule's InstanceID. The
# Remote Desktop group is matched by its resource name, which is the same in every language.
try {
  $rules = @()
  try { $rules = @(Get-RdFirewallRule -Direction Inbound) } catch { if (-not (Test-RdNotFound $_)) { throw } }
  $index = @{ port = @{}; application = @{}; address = @{} }
  if ($rules.Count -gt 0) { $index = Get-RdFilterIndex }
  $rd = New-Object System.Collections.ArrayList
  $others = New-Object System.Collections.ArrayList
  foreach ($r in $rules) {
    if ([string]$r.Group -eq $group -or [string]$r.Name -like 'RemoteDesktop-*') { [void]$rd.Add((Convert-RdRule $r $index)); continue }
    $pf = $index.port[(Get-RdRuleKey $r)]
    if ($pf -and (Test-RdPort $pf.LocalPort $port -Explicit) -and $others.Count -lt 100) { [void]$others.Add((Convert-RdRule $r $index)) }
  }
  $result.remoteDesktopRules = @($rd)
  $result.portRules = @($others)
} catch { Add-RdError 'remote-desktop-rules' $_ }
Write-RdResult $result
