# The services stopped again and their start types as they were, in reverse order.
$done = New-Object System.Collections.ArrayList
$list = @($in.before)
[array]::Reverse($list)
foreach ($b in $list) {
  $n = [string]$b.name
  if (@('TermService', 'SessionEnv', 'UmRdpService') -notcontains $n) { continue }
  if ([string]$b.status -eq 'Stopped') { try { Stop-RdService $n } catch { Add-RdError ('stop:' + $n) $_ } }
  if (@('Automatic', 'Manual', 'Disabled') -contains [string]$b.startType) { Set-RdServiceStartType $n ([string]$b.startType) }
  [void]$done.Add($n)
}
Write-RdResult @{ restored = @($done) }
