# Remote Desktop Services is stopped (set to Manual); its helpers run.
function Get-RdService([string]$Name) {
  $status = 'Running'; $start = 'Manual'
  if ($Name -eq 'TermService') { $status = 'Stopped' }
  $names = @{ TermService = 'Remotedesktopdienste'; SessionEnv = 'Konfiguration für Remotedesktops'; UmRdpService = 'Anschlussumleitung für Remotedesktopdienst im Benutzermodus' }
  [pscustomobject]@{ Name = $Name; DisplayName = $names[$Name]; Status = $status; StartType = $start }
}
function Get-RdCimInstance([string]$Namespace, [string]$ClassName, [string]$Filter) {
  $account = 'NT Authority\NetworkService'
  if ($Filter -like "*SessionEnv*" -or $Filter -like "*UmRdpService*") { $account = 'localSystem' }
  [pscustomobject]@{ StartName = $account }
}
