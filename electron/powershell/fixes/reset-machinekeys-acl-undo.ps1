# Puts the MachineKeys permissions back from the saved copy (icacls /restore on its parent folder),
# then each owner that could be read before the repair.
$mk = Get-RdMachineKeysDir
$dir = Get-RdUndoDir ([string]$in.undoId)
$save = Join-RdPath $dir 'machinekeys.acl'
$ownersFile = Join-RdPath $dir 'machinekeys.owners.json'
$restored = $false
if (Test-RdPath $save) {
  $r = Invoke-RdIcacls @((Split-RdParent $mk), '/restore', $save, '/c')
  if ($r.exitCode -ne 0) { throw ('RDPDOCTOR-PRECONDITION machinekeys-locked: icacls /restore failed with exit code ' + $r.exitCode + '.') }
  $restored = $true
}
$owners = 0; $unknown = 0
if (Test-RdPath $ownersFile) {
  foreach ($o in @(ConvertFrom-Json -InputObject (Read-RdTextFile $ownersFile))) {
    $p = [string]$o.path
    # Only paths inside MachineKeys, only SIDs: the file is ours, but it is read as data.
    if (-not $p.StartsWith($mk + '\', [StringComparison]::OrdinalIgnoreCase) -and $p -ne $mk) { continue }
    $sid = [string]$o.owner
    if ($sid -notmatch '^S-1-[0-9-]{1,180}$') { $unknown++; continue }
    if (-not (Test-RdPath $p)) { continue }
    $r = Invoke-RdIcacls @($p, '/setowner', ('*' + $sid))
    if ($r.exitCode -eq 0) { $owners++ } else { $unknown++ }
  }
}
if (-not $restored -and $owners -eq 0) { throw 'RDPDOCTOR-NOT-FOUND: the saved permissions are gone.' }
Write-RdResult @{ restoredFrom = $save; aclRestored = $restored; ownersRestored = $owners; ownersUnknown = $unknown }
