# The heavy MachineKeys repair (last resort, asks twice): back up and remove the stale self-signed
# certificate, stop Remote Desktop Services (TermService: open sessions are dropped), set the
# MachineKeys folder aside (renamed: that is the backup of every machine key), create a new one with
# the same permissions, start the services again (or ask for a restart), then prove that Windows
# made a new key file and a new certificate. Each step is noted before it is taken and the undo
# data is printed from `finally`, so a failure half-way can be undone.
$mk = Get-RdMachineKeysDir
$parent = Split-RdParent $mk
$id = [string]$in.undoId
$dir = New-RdUndoDir $id
$backupName = 'MachineKeys.rdpdoctor-' + $id
$backup = Join-RdPath $parent $backupName
if (Test-RdPath $backup) { throw 'RDPDOCTOR: a backup with this id already exists.' }
$guid = [string](Get-RegValue 'HKLM:\SOFTWARE\Microsoft\Cryptography' 'MachineGuid')
$keyLeaf = 'f686aace6942fb7f7ceb231212eef4a4_' + $guid
$store = 'Remote Desktop'
$removed = New-Object System.Collections.ArrayList
$started = New-Object System.Collections.ArrayList
$result = @{ undoDir = $dir; backup = $null; removed = $removed; termServiceStopped = $false; created = $false; started = $started; rebootNeeded = $false; newKeyFile = $null; newThumbprint = $null }
try {
  # 1. The stale self-signed certificate: backed up, then removed (a new key needs a new certificate).
  foreach ($c in @(Get-RdCertificates $store)) {
    if ($c.Subject -ne $c.Issuer) { continue }
    $t = [string]$c.Thumbprint
    Export-RdCertificate $c (Join-RdPath $dir ($t + '.cer'))
    $pfxPath = $null
    try {
      $pw = [guid]::NewGuid().ToString('N') + [guid]::NewGuid().ToString('N')
      $pfx = Join-RdPath $dir ($t + '.pfx')
      Export-RdPfx $c $pfx (ConvertTo-SecureString -String $pw -AsPlainText -Force)
      Write-RdTextFile (Join-RdPath $dir ($t + '.pfx.password')) $pw
      $pfxPath = $pfx
    } catch { Add-RdError ('export-pfx:' + $t) $_ }
    Remove-RdCertificate $store $t
    [void]$removed.Add(@{ thumbprint = $t; pfx = $pfxPath })
  }
  # 2. Remote Desktop Services stops (its dependants with it): open sessions are dropped.
  $result.termServiceStopped = $true
  Stop-RdService 'TermService'
  # 3. The folder set aside, a new one with the same permissions (Set-Acl; no other way).
  $acl = Get-RdAcl $mk
  Rename-RdItem $mk $backupName
  $result.backup = $backup
  New-RdDirectory $mk
  $result.created = $true
  Set-RdAcl $mk $acl
  # 4. The services again; where one does not start, a restart of the computer finishes the repair.
  foreach ($n in @('TermService', 'UmRdpService', 'SessionEnv')) {
    if ($null -eq (Get-RdService $n)) { continue }
    try { Start-RdService $n; [void]$started.Add($n) } catch { $result.rebootNeeded = $true; Add-RdError ('start:' + $n) $_ }
  }
  # 5. Proof: a new key file and a new self-signed certificate (bounded wait).
  $old = @($removed | ForEach-Object { $_.thumbprint })
  for ($i = 0; $i -lt 30 -and -not ($result.newKeyFile -and $result.newThumbprint); $i++) {
    Start-RdSleep 1
    $kf = Join-RdPath $mk $keyLeaf
    if (Test-RdPath $kf) { $result.newKeyFile = $kf }
    try { foreach ($c in @(Get-RdCertificates $store)) { if ($c.Subject -eq $c.Issuer -and $old -notcontains [string]$c.Thumbprint) { $result.newThumbprint = [string]$c.Thumbprint } } } catch { }
  }
} finally {
  $result.removed = @($removed)
  $result.started = @($started)
  Write-RdResult $result
}
