$dir = Get-RdUndoDir ([string]$in.undoId)
$save = Join-Path $dir 'keyfile.acl'
if (-not (Test-Path -LiteralPath $save)) { throw 'RDPDOCTOR-NOT-FOUND: the saved permissions are gone.' }
$null = & icacls.exe (Get-RdMachineKeysDir) '/restore' $save
if ($LASTEXITCODE -ne 0) { throw ('icacls /restore failed with exit code ' + $LASTEXITCODE) }
Write-RdResult @{ restoredFrom = $save }
