# The lighter MachineKeys repair Microsoft documents for "An internal error has occurred" / events
# 1057 and 1058: the Administrators group takes ownership of the folder and its key files back
# (takeown /a /r), SYSTEM and Administrators get full control and the Remote Desktop service (S-1-5-20) read on
# all of them (icacls /t /c), then Remote Desktop Services (TermService) restarts. Before anything
# changes, the owners are written down and the permissions saved (icacls /save /t), so undo puts
# both back. The undo data is printed from `finally`: a failure half-way can still be undone.
$mk = Get-RdMachineKeysDir
if (-not (Test-RdPath $mk)) { throw 'RDPDOCTOR-NOT-FOUND: the MachineKeys folder does not exist.' }
$dir = New-RdUndoDir ([string]$in.undoId)
$save = Join-RdPath $dir 'machinekeys.acl'
$ownersFile = Join-RdPath $dir 'machinekeys.owners.json'
$result = @{ folder = $mk; undoDir = $dir; owners = $null; aclBackup = $null; ownerTaken = $false; granted = $false; restarted = $false; files = 0 }
try {
  # The owners before (null where Administrators cannot read them: undo cannot give those back).
  $owners = New-Object System.Collections.ArrayList
  $items = @($mk)
  try { $items += @(Get-RdChildFiles $mk '*' | ForEach-Object { Join-RdPath $mk ([string]$_.Name) }) } catch { Add-RdError 'listing' $_ }
  foreach ($p in $items) {
    $o = $null
    try { $o = [string](Get-RdAcl $p).GetOwner([System.Security.Principal.SecurityIdentifier]).Value } catch { }
    [void]$owners.Add(@{ path = $p; owner = $o })
  }
  Write-RdTextFile $ownersFile (ConvertTo-Json -InputObject @($owners) -Compress -Depth 3)
  $result.owners = $ownersFile
  $result.files = $items.Count - 1
  $result.ownerTaken = $true
  $t = Invoke-RdTakeown @('/f', $mk, '/a', '/r', '/d', 'y')
  if ($t.exitCode -ne 0) { throw ('RDPDOCTOR-PRECONDITION machinekeys-locked: Windows did not let the Administrators group take ownership of the MachineKeys folder, although RDP Doctor runs with administrator rights (takeown exit code ' + $t.exitCode + ').') }
  $r = Invoke-RdIcacls @($mk, '/save', $save, '/t', '/c')
  if ($r.exitCode -ne 0) { throw ('RDPDOCTOR-PRECONDITION machinekeys-locked: the MachineKeys permissions could not be saved after taking ownership (icacls exit code ' + $r.exitCode + ').') }
  $result.aclBackup = $save
  $r = Invoke-RdIcacls @($mk, '/grant', '*S-1-5-18:(F)', '*S-1-5-32-544:(F)', '*S-1-5-20:(R)', '/t', '/c')
  if ($r.exitCode -ne 0) { throw ('RDPDOCTOR-PRECONDITION machinekeys-locked: some MachineKeys files kept their permissions (icacls exit code ' + $r.exitCode + ').') }
  $result.granted = $true
  Restart-RdService 'TermService'
  $result.restarted = $true
} finally {
  Write-RdResult $result
}
