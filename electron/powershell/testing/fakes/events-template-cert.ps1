# The certificate from the Group Policy certificate template (11.14): it expired and could not be replaced
# (1065, 3 times, the latest message in German), a new one was installed 9 times (1063) and one event 1061.
function Get-RdWinEvent([hashtable]$Filter, [int]$MaxEvents) {
  if ($Filter.ProviderName -eq 'Schannel') { throw (New-RdNotFound) }
  $rcm = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'
  foreach ($i in 1..3) {
    New-RdEvent $rcm 1065 ((Get-Date).AddHours(-8 * $i)) 'Das vorlagenbasierte Zertifikat des RD-Sitzungshosts ist abgelaufen und konnte nicht ersetzt werden. Fehler: Zugriff verweigert.'
  }
  foreach ($i in 1..9) {
    New-RdEvent $rcm 1063 ((Get-Date).AddHours(-12 * $i)) 'A new template-based certificate was installed for Remote Desktop (test record).'
  }
  New-RdEvent $rcm 1061 ((Get-Date).AddDays(-2)) 'Event 1061 as Windows rendered it (test record).'
}
