$done = New-Object System.Collections.ArrayList
foreach ($b in @($in.before)) {
  $n = [string]$b.name
  if ($n -notmatch '^(RemoteDesktop-UserMode-In-(TCP|UDP)|RDPDoctor-RemoteDesktop-In-(TCP|UDP)-\d{1,5})$') { continue }
  if ([string]$b.enabled -eq 'True') { Enable-NetFirewallRule -Name $n } else { Disable-NetFirewallRule -Name $n }
  if ($b.profile -and [string]$b.profile -match '^[A-Za-z, ]+$') { Set-NetFirewallRule -Name $n -Profile (([string]$b.profile).Split(',') | ForEach-Object { $_.Trim() }) }
  [void]$done.Add($n)
}
foreach ($c in @($in.created)) {
  $n = [string]$c
  if ($n -notmatch '^RDPDoctor-RemoteDesktop-In-(TCP|UDP)-\d{1,5}$') { continue }
  Remove-NetFirewallRule -Name $n -ErrorAction SilentlyContinue
  [void]$done.Add($n)
}
Write-RdResult @{ restored = @($done) }
