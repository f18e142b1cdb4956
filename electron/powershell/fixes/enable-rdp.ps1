# Turns Remote Desktop on (Win32_TerminalServiceSetting.SetAllowTSConnections(1, 1), which also enables
# the Remote Desktop firewall group). The state before (fDenyTSConnections, each rule of the group)
# is read first and printed from `finally` for undo.
$ts = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
$beforeDeny = Get-RegValue $ts 'fDenyTSConnections'
$rules = New-Object System.Collections.ArrayList
try { foreach ($r in @(Get-RdFirewallRulesInGroup '@FirewallAPI.dll,-28752')) { [void]$rules.Add(@{ name = [string]$r.Name; enabled = [string]$r.Enabled }) } }
catch { if (-not (Test-RdNotFound $_)) { throw } }
$result = @{ beforeDeny = $beforeDeny; rules = @($rules); changed = $false }
try {
  $s = @(Get-RdCimInstance 'root/cimv2/TerminalServices' 'Win32_TerminalServiceSetting' '') | Select-Object -First 1
  $result.changed = $true
  $r = Invoke-RdCimMethod $s 'SetAllowTSConnections' @{ AllowTSConnections = [uint32]1; ModifyFirewallException = [uint32]1 }
  if ($r.ReturnValue -ne 0) { throw ('SetAllowTSConnections returned ' + $r.ReturnValue) }
} finally {
  Write-RdResult $result
}
