# Opens Remote Desktop in Windows Firewall for the given profiles: the built-in rules when the
# listener uses 3389, else (or where they do not cover a profile) RDP Doctor's own rules for the
# listener's port. Each rule's state is noted before it changes; the undo data is printed from `finally`.
$valid = @('Domain', 'Private', 'Public')
$profiles = @()
foreach ($p in @($in.profiles)) { if ($valid -contains [string]$p -and $profiles -notcontains [string]$p) { $profiles += [string]$p } }
if ($profiles.Count -eq 0) { throw 'RDPDOCTOR: no firewall profile was given.' }
$port = 3389
$p = Get-RegValue (Get-RdListenerKey) 'PortNumber'
if ($null -ne $p) { $port = [int]$p }
$before = New-Object System.Collections.ArrayList
$created = New-Object System.Collections.ArrayList
try {
  $covered = @{}
  foreach ($n in @('RemoteDesktop-UserMode-In-TCP', 'RemoteDesktop-UserMode-In-UDP')) {
    $r = Get-RdFirewallRuleByName $n
    if ($null -eq $r) { continue }
    if ($port -eq 3389) {
      [void]$before.Add(@{ name = $n; enabled = [string]$r.Enabled })
      Set-RdFirewallRuleEnabled $n $true
      if ($n -like '*-TCP') {
        $prof = [string]$r.Profile
        if ($prof -eq 'Any') { foreach ($x in $valid) { $covered[$x] = $true } }
        else { foreach ($x in $prof.Split(',')) { $covered[$x.Trim()] = $true } }
      }
    }
  }
  $missing = @($profiles | Where-Object { -not $covered[$_] })
  if ($missing.Count -gt 0) {
    foreach ($proto in @('TCP', 'UDP')) {
      $name = 'RDPDoctor-RemoteDesktop-In-' + $proto + '-' + $port
      $existing = Get-RdFirewallRuleByName $name
      if ($existing) {
        [void]$before.Add(@{ name = $name; enabled = [string]$existing.Enabled; profile = [string]$existing.Profile })
        Set-RdFirewallRuleEnabled $name $true
        Set-RdFirewallRuleProfile $name $missing
      } else {
        Add-RdFirewallRule @{ Name = $name; DisplayName = ('Remote Desktop (RDP Doctor) ' + $proto + ' ' + $port); Description = 'Created by RDP Doctor: allows Remote Desktop on the port the listener uses.'; Direction = 'Inbound'; Action = 'Allow'; Protocol = $proto; LocalPort = $port; Profile = $missing; Enabled = 'True' }
        [void]$created.Add($name)
      }
    }
  }
} finally {
  Write-RdResult @{ port = $port; profiles = $profiles; before = @($before); created = @($created) }
}
