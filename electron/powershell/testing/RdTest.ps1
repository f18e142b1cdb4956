# What the Pester tests share (dot-sourced in BeforeAll): run one of our scripts whole, as the runner
# does (prelude, seams, the script's file, input as JSON in RDPDOCTOR_INPUT), with the seams mocked,
# and read back the JSON it printed; plus builders of the recorded Windows objects the seams return.
$script:RdRoot = Split-Path -Parent $PSScriptRoot
# The real seams, so that Pester can mock them (the script's own copy is then shadowed by the mock).
. (Join-Path $script:RdRoot 'seams.ps1')

# The text the runner runs for one script (the same order as fullScriptText in scripts.ts).
function Get-RdScriptText([string]$Path) {
  $parts = @('prelude.ps1', 'seams.ps1', $Path) | ForEach-Object { [System.IO.File]::ReadAllText((Join-Path $script:RdRoot $_)) }
  return ($parts -join "`n")
}

# Runs a script with its input; returns the parsed JSON line. A script's fatal error is thrown.
function Invoke-RdScript([string]$Path, $InputObject = @{}) {
  $text = Get-RdScriptText $Path
  $saved = @{ in = $env:RDPDOCTOR_INPUT; file = $env:RDPDOCTOR_INPUT_FILE }
  $env:RDPDOCTOR_INPUT = ConvertTo-Json -InputObject $InputObject -Compress -Depth 8
  $env:RDPDOCTOR_INPUT_FILE = $null
  $writer = New-Object System.IO.StringWriter
  $out = [Console]::Out
  [Console]::SetOut($writer)
  try { $null = & ([ScriptBlock]::Create($text)) }
  finally {
    [Console]::SetOut($out)
    $env:RDPDOCTOR_INPUT = $saved.in
    $env:RDPDOCTOR_INPUT_FILE = $saved.file
  }
  $lines = @($writer.ToString() -split "`r?`n" | Where-Object { $_ -ne '' })
  if ($lines.Count -ne 1) { throw ('expected one JSON line, got ' + $lines.Count + ': ' + $writer.ToString()) }
  return (ConvertFrom-Json -InputObject $lines[0])
}

# ---- recorded Windows objects -------------------------------------------------------------------

# A registry key as Get-Item / Get-ChildItem return it: PSChildName and GetValue(name, default).
function New-RdRegistryKey([string]$Name = 'key', [hashtable]$Values = @{}) {
  $k = [pscustomobject]@{ PSChildName = $Name; Values = $Values }
  $k | Add-Member -MemberType ScriptMethod -Name GetValue -Value { param($n, $d) if ($this.Values.ContainsKey($n)) { $this.Values[$n] } else { $d } }
  return $k
}

# Registry keys by path for Mock Get-RdRegistryKey { Get-RdFakeKey $Path $keys }.
function Get-RdFakeKey([string]$Path, [hashtable]$Keys) {
  if ($Keys.ContainsKey($Path)) { return (New-RdRegistryKey (Split-Path -Leaf $Path) $Keys[$Path]) }
  return $null
}

# The error record Windows gives when access is denied (English or localized message).
function New-RdAccessDenied([string]$ErrorId = 'UnauthorizedAccess', [string]$Message = 'Access is denied.') {
  $ex = New-Object System.UnauthorizedAccessException($Message)
  return (New-Object System.Management.Automation.ErrorRecord($ex, $ErrorId, 'PermissionDenied', $null))
}

# A CIM error as Windows raises it (for example 0x8004100e, invalid namespace).
function New-RdCimError([string]$Message, [string]$ErrorId) {
  $ex = New-Object System.Exception($Message)
  return (New-Object System.Management.Automation.ErrorRecord($ex, $ErrorId, 'MetadataError', $null))
}

# "Not found" as a cmdlet reports it (Get-WinEvent with no match, a missing item).
function New-RdNotFound([string]$ErrorId = 'NoMatchingEventsFound,Microsoft.PowerShell.Commands.GetWinEventCommand', [string]$Message = 'No events were found that match the specified selection criteria.') {
  $ex = New-Object System.Exception($Message)
  return (New-Object System.Management.Automation.ErrorRecord($ex, $ErrorId, 'ObjectNotFound', $null))
}

function New-RdItemNotFound([string]$Path) {
  $ex = New-Object System.Management.Automation.ItemNotFoundException(('Cannot find path ''' + $Path + ''' because it does not exist.'))
  return (New-Object System.Management.Automation.ErrorRecord($ex, 'PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand', 'ObjectNotFound', $Path))
}

# A real X.509 certificate (self-signed unless an issuer name is given for the subject's issuer).
function New-RdCertificate([string]$Subject = 'CN=PC-042', [int]$Days = 180, [int]$AgeDays = 1, [string[]]$Eku = @('1.3.6.1.5.5.7.3.1'), [switch]$CaSigned) {
  $rsa = [System.Security.Cryptography.RSA]::Create(2048)
  $req = New-Object System.Security.Cryptography.X509Certificates.CertificateRequest($Subject, $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
  if ($Eku.Count -gt 0) {
    $oids = New-Object System.Security.Cryptography.OidCollection
    foreach ($o in $Eku) { [void]$oids.Add((New-Object System.Security.Cryptography.Oid($o))) }
    $req.CertificateExtensions.Add((New-Object System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension($oids, $false)))
  }
  $from = [DateTimeOffset]::UtcNow.AddDays(-$AgeDays)
  $to = $from.AddDays($Days)
  if (-not $CaSigned) { return $req.CreateSelfSigned($from, $to) }
  $caKey = [System.Security.Cryptography.RSA]::Create(2048)
  $caReq = New-Object System.Security.Cryptography.X509Certificates.CertificateRequest('CN=Contoso Issuing CA', $caKey, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
  $caReq.CertificateExtensions.Add((New-Object System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension($true, $false, 0, $true)))
  $ca = $caReq.CreateSelfSigned($from.AddDays(-1), $to.AddDays(1))
  $serial = [byte[]](1, 2, 3, 4, 5, 6, 7, 8)
  return $req.Create($ca, $from, $to, $serial)
}
