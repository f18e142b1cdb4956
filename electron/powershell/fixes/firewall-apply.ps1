$valid = @('Domain', 'Private', 'Public')
$profiles = @()
foreach ($p in @($in.profiles)) { if ($valid -contains [string]$p -and $profiles -notcontains [string]$p) { $profiles += [string]$p } }
if ($profiles.Count -eq 0) { throw 'RDPDOCTOR: no firewall profile was given.' }
$port = 3389
$p = Get-RegValue (Get-RdListenerKey) 'PortNumber'
if ($null -ne $p) { $port = [int]$p }
$before = New-Object System.Collections.ArrayList
$covered = @{}
foreach ($n in @('RemoteDesktop-UserMode-In-TCP', 'RemoteDesktop-UserMode-In-UDP')) {
  $r = Get-NetFirewallRule -Name $n -ErrorAction SilentlyContinue
  if ($null -eq $r) { continue }
  [void]$before.Add(@{ name = $n; enabled = [string]$r.Enabled })
  if ($port -eq 3389) {
    Enable-NetFirewallRule -Name $n
    if ($n -like '*-TCP') {
      $prof = [string]$r.Profile
      if ($prof -eq 'Any') { foreach ($x in $valid) { $covered[$x] = $true } }
      else { foreach ($x in $prof.Split(',')) { $covered[$x.Trim()] = $true } }
    }
  }
}
$created = New-Object System.Collections.ArrayList
$missing = @($profiles | Where-Object { -not $covered[$_] })
if ($missing.Count -gt 0) {
  foreach ($proto in @('TCP', 'UDP')) {
    $name = 'RDPDoctor-RemoteDesktop-In-' + $proto + '-' + $port
    $existing = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
    if ($existing) {
      [void]$before.Add(@{ name = $name; enabled = [string]$existing.Enabled; profile = [string]$existing.Profile })
      Set-NetFirewallRule -Name $name -Enabled True -Profile $missing
    } else {
      New-NetFirewallRule -Name $name -DisplayName ('Remote Desktop (RDP Doctor) ' + $proto + ' ' + $port) -Description 'Created by RDP Doctor: allows Remote Desktop on the port the listener uses.' -Direction Inbound -Action Allow -Protocol $proto -LocalPort $port -Profile $missing -Enabled True | Out-Null
      [void]$created.Add($name)
    }
  }
}
Write-RdResult @{ port = $port; profiles = $profiles; before = @($before); created = @($created) }
