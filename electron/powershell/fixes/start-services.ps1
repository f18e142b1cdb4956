# Starts the Remote Desktop services (Manual where Disabled). Each service's state is noted before
# it changes; the undo data is printed from `finally`.
$before = New-Object System.Collections.ArrayList
try {
  foreach ($n in @('TermService', 'SessionEnv', 'UmRdpService')) {
    $s = Get-RdService $n
    if ($null -eq $s) { continue }
    [void]$before.Add(@{ name = $n; status = [string]$s.Status; startType = [string]$s.StartType })
    if ([string]$s.StartType -eq 'Disabled') { Set-RdServiceStartType $n 'Manual' }
    if ([string]$s.Status -ne 'Running') { Start-RdService $n }
  }
} finally {
  Write-RdResult @{ before = @($before) }
}
