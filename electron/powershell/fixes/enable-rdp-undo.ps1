# Remote Desktop off again (when it was off) and each Remote Desktop firewall rule as it was.
if ($in.beforeDeny -ne 0) {
  $s = @(Get-RdCimInstance 'root/cimv2/TerminalServices' 'Win32_TerminalServiceSetting' '') | Select-Object -First 1
  $r = Invoke-RdCimMethod $s 'SetAllowTSConnections' @{ AllowTSConnections = [uint32]0; ModifyFirewallException = [uint32]0 }
  if ($r.ReturnValue -ne 0) { throw ('SetAllowTSConnections returned ' + $r.ReturnValue) }
}
$done = New-Object System.Collections.ArrayList
foreach ($b in @($in.rules)) {
  $n = [string]$b.name
  if ($n -notmatch '^[A-Za-z0-9._-]{1,100}$') { continue }
  try { Set-RdFirewallRuleEnabled $n ([string]$b.enabled -eq 'True'); [void]$done.Add($n) } catch { Add-RdError ('rule:' + $n) $_ }
}
Write-RdResult @{ rules = @($done) }
