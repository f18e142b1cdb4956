$store = 'Cert:\LocalMachine\Remote Desktop'
$want = $null
if ($in.thumbprint) {
  $want = ([string]$in.thumbprint).ToUpperInvariant()
  if ($want -notmatch '^[0-9A-F]{40}$') { throw 'RDPDOCTOR: invalid thumbprint.' }
}
$targets = @()
foreach ($c in @(Get-ChildItem -LiteralPath $store -ErrorAction Stop)) {
  if ($c.Subject -ne $c.Issuer) { continue }
  if ($want -and $c.Thumbprint -ne $want) { continue }
  $targets += $c
}
if ($targets.Count -eq 0) { throw 'RDPDOCTOR-NOT-FOUND: no matching self-signed certificate in the Remote Desktop store.' }
$dir = New-RdUndoDir ([string]$in.undoId)
$removed = New-Object System.Collections.ArrayList
$gone = @()
foreach ($c in $targets) {
  $t = [string]$c.Thumbprint
  $cer = Join-Path $dir ($t + '.cer')
  Export-Certificate -Cert $c -FilePath $cer -Type CERT | Out-Null
  $pfxPath = $null
  try {
    $pw = [guid]::NewGuid().ToString('N') + [guid]::NewGuid().ToString('N')
    $sec = ConvertTo-SecureString -String $pw -AsPlainText -Force
    $pfx = Join-Path $dir ($t + '.pfx')
    Export-PfxCertificate -Cert $c -FilePath $pfx -Password $sec -ErrorAction Stop | Out-Null
    [System.IO.File]::WriteAllText((Join-Path $dir ($t + '.pfx.password')), $pw)
    $pfxPath = $pfx
  } catch { Add-RdError ('export-pfx:' + $t) $_ }
  [void]$removed.Add(@{ thumbprint = $t; subject = [string]$c.Subject; notAfter = (Get-RdDate $c.NotAfter); cer = $cer; pfx = $pfxPath })
  Remove-Item -LiteralPath ($store + '\' + $t) -Force
  $gone += $t
}
Restart-Service -Name 'SessionEnv' -Force
$new = $null
for ($i = 0; $i -lt 30 -and $null -eq $new; $i++) {
  Start-Sleep -Seconds 1
  foreach ($c in @(Get-ChildItem -LiteralPath $store -ErrorAction SilentlyContinue)) { if ($gone -notcontains [string]$c.Thumbprint) { $new = $c } }
}
$newThumb = $null; $newNotAfter = $null
if ($new) { $newThumb = [string]$new.Thumbprint; $newNotAfter = (Get-RdDate $new.NotAfter) }
Write-RdResult @{ undoDir = $dir; removed = @($removed); newThumbprint = $newThumb; newNotAfter = $newNotAfter }
