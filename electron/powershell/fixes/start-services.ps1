$before = New-Object System.Collections.ArrayList
foreach ($n in @('TermService', 'SessionEnv', 'UmRdpService')) {
  $s = Get-Service -Name $n -ErrorAction SilentlyContinue
  if ($null -eq $s) { continue }
  [void]$before.Add(@{ name = $n; status = [string]$s.Status; startType = [string]$s.StartType })
  if ([string]$s.StartType -eq 'Disabled') { Set-Service -Name $n -StartupType Manual }
  if ([string]$s.Status -ne 'Running') { Start-Service -Name $n }
}
Write-RdResult @{ before = @($before) }
