$ts = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
$beforeDeny = Get-RegValue $ts 'fDenyTSConnections'
$rules = New-Object System.Collections.ArrayList
try { foreach ($r in @(Get-NetFirewallRule -Group '@FirewallAPI.dll,-28752' -ErrorAction Stop)) { [void]$rules.Add(@{ name = [string]$r.Name; enabled = [string]$r.Enabled }) } }
catch { if (-not (Test-RdNotFound $_)) { throw } }
$s = @(Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName 'Win32_TerminalServiceSetting' -ErrorAction Stop) | Select-Object -First 1
$r = Invoke-CimMethod -InputObject $s -MethodName 'SetAllowTSConnections' -Arguments @{ AllowTSConnections = [uint32]1; ModifyFirewallException = [uint32]1 }
if ($r.ReturnValue -ne 0) { throw ('SetAllowTSConnections returned ' + $r.ReturnValue) }
Write-RdResult @{ beforeDeny = $beforeDeny; rules = @($rules) }
