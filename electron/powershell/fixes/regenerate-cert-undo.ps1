$store = 'Cert:\LocalMachine\Remote Desktop'
$dir = Get-RdUndoDir ([string]$in.undoId)
$restored = New-Object System.Collections.ArrayList
$missing = New-Object System.Collections.ArrayList
foreach ($t0 in @($in.thumbprints)) {
  $t = ([string]$t0).ToUpperInvariant()
  if ($t -notmatch '^[0-9A-F]{40}$') { continue }
  $pfx = Join-Path $dir ($t + '.pfx')
  $pwFile = Join-Path $dir ($t + '.pfx.password')
  if ((Test-Path -LiteralPath $pfx) -and (Test-Path -LiteralPath $pwFile)) {
    $sec = ConvertTo-SecureString -String ([System.IO.File]::ReadAllText($pwFile)) -AsPlainText -Force
    Import-PfxCertificate -FilePath $pfx -CertStoreLocation $store -Password $sec | Out-Null
    [void]$restored.Add($t)
  } else { [void]$missing.Add($t) }
}
Write-RdResult @{ restored = @($restored); notRestorable = @($missing) }
