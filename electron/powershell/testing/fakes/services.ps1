# Remote Desktop Services is stopped (set to Manual); its helpers run; the certificate's services as
# Windows installs them (CNG Key Isolation stopped until something needs it).
function Get-RdService([string]$Name) {
  $status = 'Running'; $start = 'Manual'
  if ($Name -eq 'TermService' -or $Name -eq 'KeyIso') { $status = 'Stopped' }
  if ($Name -eq 'CryptSvc') { $start = 'Automatic' }
  $names = @{ TermService = 'Remotedesktopdienste'; SessionEnv = 'Konfiguration für Remotedesktops'; UmRdpService = 'Anschlussumleitung für Remotedesktopdienst im Benutzermodus'
    CryptSvc = 'Kryptografiedienste'; KeyIso = 'CNG-Schlüsselisolation'; CertPropSvc = 'Zertifikatverteilung' }
  [pscustomobject]@{ Name = $Name; DisplayName = $names[$Name]; Status = $status; StartType = $start }
}
function Get-RdCimInstance([string]$Namespace, [string]$ClassName, [string]$Filter) {
  $account = 'NT Authority\NetworkService'
  if ($Filter -like "*SessionEnv*" -or $Filter -like "*UmRdpService*") { $account = 'localSystem' }
  [pscustomobject]@{ StartName = $account }
}
