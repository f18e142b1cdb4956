# Each rule the repair changed back as it was; the rules it created removed.
$done = New-Object System.Collections.ArrayList
foreach ($b in @($in.before)) {
  $n = [string]$b.name
  if ($n -notmatch '^(RemoteDesktop-UserMode-In-(TCP|UDP)|RDPDoctor-RemoteDesktop-In-(TCP|UDP)-\d{1,5})$') { continue }
  Set-RdFirewallRuleEnabled $n ([string]$b.enabled -eq 'True')
  if ($b.profile -and [string]$b.profile -match '^[A-Za-z, ]+$') { Set-RdFirewallRuleProfile $n @(([string]$b.profile).Split(',') | ForEach-Object { $_.Trim() }) }
  [void]$done.Add($n)
}
foreach ($c in @($in.created)) {
  $n = [string]$c
  if ($n -notmatch '^RDPDoctor-RemoteDesktop-In-(TCP|UDP)-\d{1,5}$') { continue }
  try { Remove-RdFirewallRule $n } catch { if (-not (Test-RdNotFound $_)) { throw } }
  [void]$done.Add($n)
}
Write-RdResult @{ restored = @($done) }
