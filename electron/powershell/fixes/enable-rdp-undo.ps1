if ($in.beforeDeny -ne 0) {
  $s = @(Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName 'Win32_TerminalServiceSetting' -ErrorAction Stop) | Select-Object -First 1
  $r = Invoke-CimMethod -InputObject $s -MethodName 'SetAllowTSConnections' -Arguments @{ AllowTSConnections = [uint32]0; ModifyFirewallException = [uint32]0 }
  if ($r.ReturnValue -ne 0) { throw ('SetAllowTSConnections returned ' + $r.ReturnValue) }
}
$done = New-Object System.Collections.ArrayList
foreach ($b in @($in.rules)) {
  $n = [string]$b.name
  if ($n -notmatch '^[A-Za-z0-9._-]{1,100}$') { continue }
  if ([string]$b.enabled -eq 'True') { Enable-NetFirewallRule -Name $n -ErrorAction SilentlyContinue } else { Disable-NetFirewallRule -Name $n -ErrorAction SilentlyContinue }
  [void]$done.Add($n)
}
Write-RdResult @{ rules = @($done) }
