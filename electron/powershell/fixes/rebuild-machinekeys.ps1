$mk = Get-RdMachineKeysDir
$parent = Split-Path -Parent $mk
$id = [string]$in.undoId
$dir = New-RdUndoDir $id
$backupName = 'MachineKeys.rdpdoctor-' + $id
$backup = Join-Path $parent $backupName
if (Test-Path -LiteralPath $backup) { throw 'RDPDOCTOR: a backup with this id already exists.' }
$null = & icacls.exe $mk '/save' (Join-Path $dir 'machinekeys.acl') '/t' '/c'
$acl = Get-Acl -LiteralPath $mk
Rename-Item -LiteralPath $mk -NewName $backupName
try {
  New-Item -ItemType Directory -Path $mk | Out-Null
  try { Set-Acl -LiteralPath $mk -AclObject $acl }
  catch {
    $sec = New-Object System.Security.AccessControl.DirectorySecurity
    $sec.SetSecurityDescriptorSddlForm($acl.GetSecurityDescriptorSddlForm([System.Security.AccessControl.AccessControlSections]::Access))
    [System.IO.Directory]::SetAccessControl($mk, $sec)
  }
} catch {
  if (Test-Path -LiteralPath $mk) { Remove-Item -LiteralPath $mk -Force -Recurse -ErrorAction SilentlyContinue }
  Rename-Item -LiteralPath $backup -NewName 'MachineKeys'
  throw
}
Restart-Service -Name 'SessionEnv' -Force
Write-RdResult @{ backup = $backup; undoDir = $dir }
