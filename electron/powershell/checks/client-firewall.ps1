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
# One query for the enabled outbound rules and one per filter kind, joined on the rule's InstanceID.
$rules = $null; $index = $null
try {
  try { $rules = @(Get-RdFirewallRule -Direction Outbound -Enabled True) }
  catch { if (Test-RdNotFound $_) { $rules = @() } else { throw } }
  $index = @{ port = @{}; application = @{}; address = @{} }
  if ($rules.Count -gt 0) { $index = Get-RdFilterIndex }
} catch { $rules = $null; Add-RdError 'block-rules' $_ }
if ($null -ne $rules) {
  $block = New-Object System.Collections.ArrayList
  $allow = New-Object System.Collections.ArrayList
  foreach ($r in $rules) {
    $action = [string]$r.Action
    if ($action -eq 'Block') {
      if ($block.Count -lt 200) { [void]$block.Add((Convert-RdRule $r $index)) }
      continue
    }
    if ($action -ne 'Allow' -or $allow.Count -ge 100) { continue }
    $key = Get-RdRuleKey $r
    $af = $index.application[$key]
    $forMstsc = ($af -and ([string]$af.Program -like '*mstsc.exe'))
    $pf = $index.port[$key]
    $forPort = ($outboundBlock -and $pf -and (Test-RdPort $pf.RemotePort $port -Explicit))
    if ($forMstsc -or $forPort) { [void]$allow.Add((Convert-RdRule $r $index)) }
  }
  $result.blockRules = @($block)
  $result.allowRules = @($allow)
}
Write-RdResult $result
