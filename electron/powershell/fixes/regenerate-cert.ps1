# Makes Windows create a new self-signed Remote Desktop certificate: backs up (.cer, and .pfx when the
# key is exportable) and deletes the self-signed certificates of the Remote Desktop store (never a
# certificate from a certificate authority), restarts SessionEnv and waits for the new one. The undo
# data is printed from `finally`: a failure half-way (the restart) still says what was deleted.
$store = 'Remote Desktop'
$want = $null
if ($in.thumbprint) {
  $want = ([string]$in.thumbprint).ToUpperInvariant()
  if ($want -notmatch '^[0-9A-F]{40}$') { throw 'RDPDOCTOR: invalid thumbprint.' }
}
$targets = @()
foreach ($c in @(Get-RdCertificates $store)) {
  if ($c.Subject -ne $c.Issuer) { continue }
  if ($want -and $c.Thumbprint -ne $want) { continue }
  $targets += $c
}
if ($targets.Count -eq 0) { throw 'RDPDOCTOR-NOT-FOUND: no matching self-signed certificate in the Remote Desktop store.' }
$dir = New-RdUndoDir ([string]$in.undoId)
$removed = New-Object System.Collections.ArrayList
$gone = @()
$result = @{ undoDir = $dir; removed = $removed; restarted = $false; newThumbprint = $null; newNotAfter = $null }
try {
  foreach ($c in $targets) {
    $t = [string]$c.Thumbprint
    $cer = Join-RdPath $dir ($t + '.cer')
    Export-RdCertificate $c $cer
    $pfxPath = $null
    try {
      $pw = [guid]::NewGuid().ToString('N') + [guid]::NewGuid().ToString('N')
      $sec = ConvertTo-SecureString -String $pw -AsPlainText -Force
      $pfx = Join-RdPath $dir ($t + '.pfx')
      Export-RdPfx $c $pfx $sec
      Write-RdTextFile (Join-RdPath $dir ($t + '.pfx.password')) $pw
      $pfxPath = $pfx
    } catch { Add-RdError ('export-pfx:' + $t) $_ }
    Remove-RdCertificate $store $t
    $gone += $t
    [void]$removed.Add(@{ thumbprint = $t; subject = [string]$c.Subject; notAfter = (Get-RdDate $c.NotAfter); cer = $cer; pfx = $pfxPath })
  }
  Restart-RdService 'SessionEnv'
  $result.restarted = $true
  $new = $null
  for ($i = 0; $i -lt 30 -and $null -eq $new; $i++) {
    Start-RdSleep 1
    $now = @()
    try { $now = @(Get-RdCertificates $store) } catch { }
    foreach ($c in $now) { if ($gone -notcontains [string]$c.Thumbprint -and $c.Subject -eq $c.Issuer) { $new = $c } }
  }
  if ($new) { $result.newThumbprint = [string]$new.Thumbprint; $result.newNotAfter = (Get-RdDate $new.NotAfter) }
} finally {
  $result.removed = @($removed)
  Write-RdResult $result
}
