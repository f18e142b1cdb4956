# Puts deleted self-signed certificates back into the Remote Desktop store from their .pfx backups.
$store = 'Remote Desktop'
$dir = Get-RdUndoDir ([string]$in.undoId)
$restored = New-Object System.Collections.ArrayList
$missing = New-Object System.Collections.ArrayList
foreach ($t0 in @($in.thumbprints)) {
  $t = ([string]$t0).ToUpperInvariant()
  if ($t -notmatch '^[0-9A-F]{40}$') { continue }
  $pfx = Join-RdPath $dir ($t + '.pfx')
  $pwFile = Join-RdPath $dir ($t + '.pfx.password')
  if ((Test-RdPath $pfx) -and (Test-RdPath $pwFile)) {
    $sec = ConvertTo-SecureString -String (Read-RdTextFile $pwFile) -AsPlainText -Force
    Import-RdPfx $pfx $store $sec
    [void]$restored.Add($t)
  } else { [void]$missing.Add($t) }
}
Write-RdResult @{ restored = @($restored); notRestorable = @($missing) }
