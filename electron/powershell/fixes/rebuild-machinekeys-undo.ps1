$mk = Get-RdMachineKeysDir
$parent = Split-Path -Parent $mk
$id = [string]$in.undoId
$null = Get-RdUndoDir $id
$backup = Join-Path $parent ('MachineKeys.rdpdoctor-' + $id)
if (-not (Test-Path -LiteralPath $backup)) { throw 'RDPDOCTOR-NOT-FOUND: the backup folder is gone.' }
$replaced = 'MachineKeys.rdpdoctor-replaced-' + $id
if (Test-Path -LiteralPath $mk) { Rename-Item -LiteralPath $mk -NewName $replaced }
Rename-Item -LiteralPath $backup -NewName 'MachineKeys'
Restart-Service -Name 'SessionEnv' -Force
Write-RdResult @{ restored = $mk; setAside = (Join-Path $parent $replaced) }
