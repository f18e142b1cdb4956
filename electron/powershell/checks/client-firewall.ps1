$port = 3389
if ($null -ne $in.port) { $port = [int]$in.port }
if ($port -lt 1 -or $port -gt 65535) { throw 'RDPDOCTOR: invalid port.' }
$result = @{ targetPort = $port; profiles = @(); activeProfiles = @(); blockRules = @(); allowRules = @() }
$outboundBlock = $false
try { $result.activeProfiles = @(Get-RdConnectionProfile | ForEach-Object { [string]$_.NetworkCategory }) } catch { if (-not (Test-RdNotFound $_)) { Add-RdError 'connection-profiles' $_ } }
try {
  $result.profiles = @(Get-RdFirewallProfile | ForEach-Object { Convert-RdProfile $_ })
  foreach ($p in $result.profiles) { if ($p.defaultOutboundAction -eq 'Block') { $outboundBlock = $true } }
} catch { Add-RdError 'profiles' $_ }
try {
  $list = New-Object System.Collections.ArrayList
  $rules = @()
  try { $rules = @(Get-RdFirewallRule -Direction Outbound -Action Block -Enabled True) }
  catch { if (-not (Test-RdNotFound $_)) { throw } }
  foreach ($r in $rules) {
    if ($list.Count -ge 200) { break }
    [void]$list.Add((Convert-RdRule $r))
  }
  $result.blockRules = @($list)
} catch { Add-RdError 'block-rules' $_ }
try {
  $list = New-Object System.Collections.ArrayList
  $filters = @()
  try { $filters = @(Get-RdFirewallApplicationFilter '*mstsc.exe') }
  catch { if (-not (Test-RdNotFound $_)) { throw } }
  foreach ($f in $filters) {
    foreach ($r in @(Get-RdFirewallRuleOfFilter $f)) {
      if ([string]$r.Direction -eq 'Outbound' -and [string]$r.Enabled -eq 'True' -and [string]$r.Action -eq 'Allow' -and $list.Count -lt 100) { [void]$list.Add((Convert-RdRule $r)) }
    }
  }
  if ($outboundBlock) {
    foreach ($pf in @(Get-RdFirewallPortFilter)) {
      if (-not (Test-RdPort $pf.RemotePort $port -Explicit)) { continue }
      foreach ($r in @(Get-RdFirewallRuleOfFilter $pf)) {
        if ([string]$r.Direction -eq 'Outbound' -and [string]$r.Enabled -eq 'True' -and [string]$r.Action -eq 'Allow' -and $list.Count -lt 100) { [void]$list.Add((Convert-RdRule $r)) }
      }
    }
  }
  $result.allowRules = @($list)
} catch { Add-RdError 'allow-rules' $_ }
Write-RdResult $result
