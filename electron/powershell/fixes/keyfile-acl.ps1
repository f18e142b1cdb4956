# Repairs the permissions of the self-signed certificate's key file (TSSecKeySet1) so the Remote Desktop service (S-1-5-20)
# can read it. Where Administrators lost access (icacls /save is refused), ownership is taken back
# first (takeown /a; an administrator may always). Deny entries that reach S-1-5-20 (its own,
# Everyone, Authenticated Users, Users) are removed. The undo data is printed from `finally`: a
# failure half-way (the service restart) still reports what was changed.
$guid = Get-RegValue 'HKLM:\SOFTWARE\Microsoft\Cryptography' 'MachineGuid'
if (-not $guid) { throw 'RDPDOCTOR-NOT-FOUND: MachineGuid is missing.' }
$file = Join-RdPath (Get-RdMachineKeysDir) ('f686aace6942fb7f7ceb231212eef4a4_' + [string]$guid)
if (-not (Test-RdPath $file)) { throw 'RDPDOCTOR-NOT-FOUND: the Remote Desktop key file does not exist.' }
$dir = New-RdUndoDir ([string]$in.undoId)
$save = Join-RdPath $dir 'keyfile.acl'
# Ownership back to the Administrators group (takeown /a), noted for undo before it happens.
function Invoke-RdTakeOwnership {
  $undo.ownerTaken = $true
  $t = Invoke-RdTakeown @('/f', $file, '/a')
  if ($t.exitCode -ne 0) { throw ('RDPDOCTOR-PRECONDITION key-file-locked: Windows did not let the Administrators group take ownership of the key file, although RDP Doctor runs with administrator rights (takeown exit code ' + $t.exitCode + '). A security product may protect the file.') }
}
$undo = @{ file = $file; undoDir = $dir; aclBackup = $null; ownerBefore = $null; ownerTaken = $false; restarted = $false }
try {
  # The owner before the change; unreadable where Administrators lost access (then undo cannot give it back).
  try { $undo.ownerBefore = [string](Get-RdAcl $file).GetOwner([System.Security.Principal.SecurityIdentifier]).Value } catch { }
  $r = Invoke-RdIcacls @($file, '/save', $save)
  if ($r.exitCode -ne 0) {
    Invoke-RdTakeOwnership
    $r = Invoke-RdIcacls @($file, '/save', $save)
    if ($r.exitCode -ne 0) { throw ('RDPDOCTOR-PRECONDITION key-file-locked: the key file permissions could not be saved even after taking ownership (icacls exit code ' + $r.exitCode + '); nothing else was changed.') }
  }
  $undo.aclBackup = $save
  $remove = @($file, '/remove:d', '*S-1-5-20', '*S-1-1-0', '*S-1-5-11', '*S-1-5-32-545')
  $r = Invoke-RdIcacls $remove
  if ($r.exitCode -ne 0 -and -not $undo.ownerTaken) {
    # Readable but not changeable for Administrators: the owner may always change the ACL.
    Invoke-RdTakeOwnership
    $r = Invoke-RdIcacls $remove
  }
  if ($r.exitCode -ne 0) { throw ('RDPDOCTOR-PRECONDITION key-file-locked: removing the deny entries failed (icacls exit code ' + $r.exitCode + ').') }
  $r = Invoke-RdIcacls @($file, '/grant', '*S-1-5-20:(R)', '*S-1-5-18:(F)', '*S-1-5-32-544:(F)')
  if ($r.exitCode -ne 0) { throw ('RDPDOCTOR-PRECONDITION key-file-locked: granting read access failed (icacls exit code ' + $r.exitCode + ').') }
  if ($in.restartSessionEnv -eq $true) {
    Restart-RdService 'SessionEnv'
    $undo.restarted = $true
  }
} finally {
  Write-RdResult $undo
}
