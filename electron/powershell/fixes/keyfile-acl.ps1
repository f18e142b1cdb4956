$guid = Get-RegValue 'HKLM:\SOFTWARE\Microsoft\Cryptography' 'MachineGuid'
if (-not $guid) { throw 'RDPDOCTOR-NOT-FOUND: MachineGuid is missing.' }
$file = Join-Path (Get-RdMachineKeysDir) ('f686aace6942fb7f7ceb231212eef4a4_' + [string]$guid)
if (-not (Test-Path -LiteralPath $file)) { throw 'RDPDOCTOR-NOT-FOUND: the Remote Desktop key file does not exist.' }
$dir = New-RdUndoDir ([string]$in.undoId)
$save = Join-Path $dir 'keyfile.acl'
$null = & icacls.exe $file '/save' $save
if ($LASTEXITCODE -ne 0) { throw ('icacls /save failed with exit code ' + $LASTEXITCODE) }
$null = & icacls.exe $file '/remove:d' '*S-1-5-20'
$null = & icacls.exe $file '/grant' '*S-1-5-20:(R)' '*S-1-5-18:(F)' '*S-1-5-32-544:(F)'
if ($LASTEXITCODE -ne 0) { throw ('icacls /grant failed with exit code ' + $LASTEXITCODE + ' (Access is denied?)') }
if ($in.restartSessionEnv -eq $true) { Restart-Service -Name 'SessionEnv' -Force }
Write-RdResult @{ file = $file; aclBackup = $save; undoDir = $dir }
