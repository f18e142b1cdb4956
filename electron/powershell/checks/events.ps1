$days = 7
$since = (Get-Date).AddDays(-$days)
$cap = 500
$queries = @(
  # 1061-1065: the certificate from a Group Policy certificate template (1062 wrong subject name, 1063 new one
  # installed, 1064 could not be installed, 1065 expired and not replaced; 1061 undocumented: message kept as is).
  @{ provider = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'; ids = @(1006, 1012, 1050, 1051, 1052, 1053, 1054, 1055, 1056, 1057, 1058, 1059, 1061, 1062, 1063, 1064, 1065) },
  @{ provider = 'Schannel'; ids = @(36870, 36871, 36872, 36874, 36887, 36888) }
)
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
