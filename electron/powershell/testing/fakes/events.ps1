# Schannel could not open the certificate's private key (36870, German message), 14 times this week.
function Get-RdWinEvent([hashtable]$Filter, [int]$MaxEvents) {
  if ($Filter.ProviderName -ne 'Schannel') { throw (New-RdNotFound) }
  foreach ($i in 1..14) {
    New-RdEvent 'Schannel' 36870 ((Get-Date).AddHours(-6 * $i)) 'Fehler beim Zugriff auf den privaten Schlüssel der TLS-Serveranmeldeinformationen. Der vom Kryptografiemodul zurückgegebene interne Fehlerstatus lautet 0x8009030D.' @(0x8009030D)
  }
}
