$done = New-Object System.Collections.ArrayList
$list = @($in.before)
[array]::Reverse($list)
foreach ($b in $list) {
  $n = [string]$b.name
  if (@('TermService', 'SessionEnv', 'UmRdpService') -notcontains $n) { continue }
  if ([string]$b.status -eq 'Stopped') { Stop-Service -Name $n -Force -ErrorAction SilentlyContinue }
  if (@('Automatic', 'Manual', 'Disabled') -contains [string]$b.startType) { Set-Service -Name $n -StartupType ([string]$b.startType) }
  [void]$done.Add($n)
}
Write-RdResult @{ restored = @($done) }
