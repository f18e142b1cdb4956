# Puts the key file's permissions back from the saved copy (icacls /restore), then its owner when
# the repair took ownership and the owner before could be read.
$dir = Get-RdUndoDir ([string]$in.undoId)
$save = Join-RdPath $dir 'keyfile.acl'
$saved = Test-RdPath $save
if (-not $saved -and $in.ownerTaken -ne $true) { throw 'RDPDOCTOR-NOT-FOUND: the saved permissions are gone.' }
$guid = Get-RegValue 'HKLM:\SOFTWARE\Microsoft\Cryptography' 'MachineGuid'
if (-not $guid) { throw 'RDPDOCTOR-NOT-FOUND: MachineGuid is missing.' }
$file = Join-RdPath (Get-RdMachineKeysDir) ('f686aace6942fb7f7ceb231212eef4a4_' + [string]$guid)
$restoredFrom = ''
if ($saved) {
  $r = Invoke-RdIcacls @((Get-RdMachineKeysDir), '/restore', $save)
  if ($r.exitCode -ne 0) { throw ('RDPDOCTOR-PRECONDITION key-file-locked: icacls /restore failed with exit code ' + $r.exitCode + '.') }
  $restoredFrom = $save
}
$owner = 'unchanged'
if ($in.ownerTaken -eq $true) {
  $sid = [string]$in.ownerBefore
  if ($sid -match '^S-1-[0-9-]{1,180}$') {
    $r = Invoke-RdIcacls @($file, '/setowner', ('*' + $sid))
    if ($r.exitCode -ne 0) { throw ('RDPDOCTOR-PRECONDITION key-file-locked: icacls /setowner failed with exit code ' + $r.exitCode + '.') }
    $owner = $sid
  } else { $owner = 'unknown' }
}
Write-RdResult @{ restoredFrom = $restoredFrom; owner = $owner }
