# Puts the original MachineKeys folder back (the rebuilt one is set aside, not deleted), removes the
# certificate Windows made with the rebuilt key (its key is set aside too), imports the old
# certificate from its backup, and starts Remote Desktop Services again (open sessions are dropped).
$mk = Get-RdMachineKeysDir
$parent = Split-RdParent $mk
$id = [string]$in.undoId
$dir = Get-RdUndoDir $id
$backup = Join-RdPath $parent ('MachineKeys.rdpdoctor-' + $id)
if (-not (Test-RdPath $backup)) { throw 'RDPDOCTOR-NOT-FOUND: the backup folder is gone.' }
$store = 'Remote Desktop'
if ($in.newThumbprint) {
  $t = ([string]$in.newThumbprint).ToUpperInvariant()
  if ($t -match '^[0-9A-F]{40}$') { try { Remove-RdCertificate $store $t } catch { Add-RdError ('remove:' + $t) $_ } }
}
$svc = Get-RdService 'TermService'
if ($svc -and [string]$svc.Status -ne 'Stopped') { Stop-RdService 'TermService' }
$replaced = 'MachineKeys.rdpdoctor-replaced-' + $id
if (Test-RdPath $mk) { Rename-RdItem $mk $replaced }
Rename-RdItem $backup 'MachineKeys'
$restored = (Restore-RdCertificateBackups $dir $in.thumbprints $store).restored
$rebootNeeded = $false
foreach ($n in @('TermService', 'UmRdpService', 'SessionEnv')) {
  if ($null -eq (Get-RdService $n)) { continue }
  try { Start-RdService $n } catch { $rebootNeeded = $true; Add-RdError ('start:' + $n) $_ }
}
Write-RdResult @{ restored = $mk; setAside = (Join-RdPath $parent $replaced); certificates = @($restored); rebootNeeded = $rebootNeeded }
