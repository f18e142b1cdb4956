$days = 7
$since = (Get-Date).AddDays(-$days)
$cap = 500
# Which events: the app's one list (WATCHED_EVENTS in shared/checks/windows/events.ts, what each id means
# is written there), given as input: each a provider of the System log and its event ids.
$queries = @()
foreach ($q in @($in.queries)) {
  $provider = [string]$q.provider
  if ($provider -notmatch '^[A-Za-z][A-Za-z0-9-]{0,99}$') { throw 'RDPDOCTOR: invalid event provider.' }
  $ids = @(@($q.ids) | ForEach-Object { [int]$_ })
  if ($ids.Count -lt 1 -or $ids.Count -gt 20) { throw 'RDPDOCTOR: invalid event ids.' }
  $queries += @{ provider = $provider; ids = $ids }
}
if ($queries.Count -eq 0) { throw 'RDPDOCTOR: no event query was given.' }
$groups = New-Object System.Collections.ArrayList
foreach ($q in $queries) {
  $events = @()
  try {
    $events = @(Get-RdWinEvent @{ LogName = 'System'; ProviderName = $q.provider; Id = $q.ids; StartTime = $since } $cap)
  } catch {
    if (-not (Test-RdNotFound $_)) { Add-RdError $q.provider $_ }
    continue
  }
  foreach ($g in @($events | Group-Object -Property Id)) {
    $latest = @($g.Group | Sort-Object -Property TimeCreated -Descending)[0]
    $message = $null
    try { $message = [string]$latest.Message } catch { }
    if ($message -and $message.Length -gt 600) { $message = $message.Substring(0, 600) }
    $codes = New-Object System.Collections.ArrayList
    if ([int]$g.Name -eq 36887 -or [int]$g.Name -eq 36888) {
      foreach ($e in $g.Group) {
        try { $c = [int]$e.Properties[0].Value; if (-not $codes.Contains($c)) { [void]$codes.Add($c) } } catch { }
      }
    }
    [void]$groups.Add(@{ provider = $q.provider; id = [int]$g.Name; count = [int]$g.Count; latestTime = (Get-RdDate $latest.TimeCreated); latestMessage = $message; alertCodes = @($codes); capped = ($events.Count -ge $cap) })
  }
}
Write-RdResult @{ days = $days; since = (Get-RdDate $since); groups = @($groups) }
