# What the Pester tests share (dot-sourced in BeforeAll): run one of our scripts whole, as the runner
# does (prelude, seams, the script's file, input as JSON in RDPDOCTOR_INPUT), with the seams mocked,
# and read back the JSON it printed; plus builders of the recorded Windows objects the seams return.
$script:RdRoot = Split-Path -Parent $PSScriptRoot
# The real seams, so that Pester can mock them (the script's own copy is then shadowed by the mock).
. (Join-Path $script:RdRoot 'seams.ps1')
. (Join-Path $PSScriptRoot 'RdFakes.ps1')
Import-Module (Join-Path $PSScriptRoot 'FakeMachine.psm1') -Force

# The text the runner runs for one script (the same order as fullScriptText in scripts.ts). With
# -Fake (a testing/fakes/*.ps1 file), RdFakes.ps1 and that file come after the seams and replace them,
# as the runner's testSeams option does in the integration test.
function Get-RdScriptText([string]$Path, [string]$Fake) {
  $files = @('prelude.ps1', 'seams.ps1')
  if ($Fake) { $files += @('testing/RdFakes.ps1', $Fake) }
  $parts = @($files + $Path) | ForEach-Object { [System.IO.File]::ReadAllText((Join-Path $script:RdRoot $_)) }
  return ($parts -join "`n")
}

# Runs a script whole with its input, as the runner does; returns what it printed and its fatal error
# record, if any: @{ output = <text>; error = <ErrorRecord or $null> }.
function Invoke-RdScriptText([string]$Path, $InputObject = @{}, [string]$Fake) {
  $text = Get-RdScriptText $Path $Fake
  $saved = @{ in = $env:RDPDOCTOR_INPUT; file = $env:RDPDOCTOR_INPUT_FILE }
  $env:RDPDOCTOR_INPUT = ConvertTo-Json -InputObject $InputObject -Compress -Depth 8
  $env:RDPDOCTOR_INPUT_FILE = $null
  $writer = New-Object System.IO.StringWriter
  $out = [Console]::Out
  [Console]::SetOut($writer)
  $err = $null
  try { $null = & ([ScriptBlock]::Create($text)) }
  catch { $err = $_ }
  finally {
    [Console]::SetOut($out)
    $env:RDPDOCTOR_INPUT = $saved.in
    $env:RDPDOCTOR_INPUT_FILE = $saved.file
  }
  return @{ output = $writer.ToString(); error = $err }
}

function Get-RdOutputLines([string]$Output) { return @($Output -split "`r?`n" | Where-Object { $_ -ne '' }) }

# Runs a script with its input; returns the parsed JSON line. A script's fatal error is thrown.
function Invoke-RdScript([string]$Path, $InputObject = @{}, [string]$Fake) {
  $run = Invoke-RdScriptText $Path $InputObject $Fake
  if ($run.error) { throw $run.error }
  $lines = @(Get-RdOutputLines $run.output)
  if ($lines.Count -ne 1) { throw ('expected one JSON line, got ' + $lines.Count + ': ' + $run.output) }
  return (ConvertFrom-Json -InputObject $lines[0])
}

# ---- running a fix script against the fake machine (FakeMachine.psm1) ----------------------------

# Runs a script and returns what it printed and how it ended: @{ json = <the parsed line or $null>;
# lines = <count>; error = <the fatal error record or $null> } (a fix script that fails half-way
# still prints its undo data, then throws).
function Invoke-RdScriptCapture([string]$Path, $InputObject = @{}) {
  $run = Invoke-RdScriptText $Path $InputObject
  $lines = @(Get-RdOutputLines $run.output)
  $json = $null
  if ($lines.Count -ge 1) { $json = ConvertFrom-Json -InputObject $lines[-1] }
  return @{ json = $json; lines = $lines.Count; error = $run.error }
}

# Every seam reads and writes the fake machine. Call in BeforeEach (after Reset-FakeMachine and the
# test's own set-up); the mocks live for the test.
function Use-RdFakeMachine {
  Mock Get-RdRegistryKey { Get-FmRegistryKey $Path }
  Mock Set-RdRegistryValue { Write-FmRegistryValue $Path $Name $Value $Type }
  Mock Remove-RdRegistryValue { Remove-FmRegistryValue $Path $Name }
  Mock Get-RdCimInstance { Get-FmCimInstance $Namespace $ClassName $Filter }
  Mock Invoke-RdCimMethod { Invoke-FmCimMethod $InputObject $MethodName $Arguments }
  Mock Get-RdFirewallRuleByName { Get-FmFirewallRuleByName $Name }
  Mock Get-RdFirewallRulesInGroup { Get-FmFirewallRulesInGroup $Group }
  Mock Set-RdFirewallRuleEnabled { Set-FmFirewallRuleEnabled $Name $Enabled }
  Mock Set-RdFirewallRuleProfile { Set-FmFirewallRuleProfile $Name $Profiles }
  Mock Add-RdFirewallRule { New-FmFirewallRule $Rule }
  Mock Remove-RdFirewallRule { Remove-FmFirewallRule $Name }
  Mock Get-RdCertificates { Get-FmCertificates $Store }
  Mock Get-RdCertificate { Get-FmCertificate $Store $Thumbprint }
  Mock Remove-RdCertificate { Remove-FmCertificate $Store $Thumbprint }
  Mock Export-RdCertificate { Export-FmCertificate $Cert $Path }
  Mock Export-RdPfx { Export-FmPfx $Cert $Path $Password }
  Mock Import-RdPfx { Import-FmPfx $Path $Store $Password }
  Mock Get-RdService { Get-FmService $Name }
  Mock Start-RdService { Start-FmService $Name }
  Mock Stop-RdService { Stop-FmService $Name }
  Mock Restart-RdService { Restart-FmService $Name }
  Mock Set-RdServiceStartType { Set-FmServiceStartType $Name $StartType }
  Mock Invoke-RdIcacls { Invoke-FmIcacls $Arguments }
  Mock Invoke-RdTakeown { Invoke-FmTakeown $Arguments }
  Mock Get-RdProgramData { (Get-FmState).ProgramData }
  Mock Test-RdPath { Test-FmPath $Path }
  Mock Get-RdItem { Get-FmItem $Path }
  Mock New-RdDirectory { New-FmDirectory $Path }
  Mock Rename-RdItem { Rename-FmItem $Path $NewName }
  Mock Remove-RdItem { Remove-FmItem $Path }
  Mock Write-RdTextFile { Write-FmTextFile $Path $Text }
  Mock Read-RdTextFile { Read-FmTextFile $Path }
  Mock Get-RdChildFiles { Get-FmChildFiles $Path $Filter }
  Mock Get-RdAcl { Get-FmAcl $Path }
  Mock Set-RdAcl { Set-FmAcl $Path $AclObject }
  Mock Start-RdSleep { }
}

# A machine as Windows sets it up: ProgramData with the undo root's parent, MachineKeys (with the
# self-signed key file when -KeyFile), the Remote Desktop services running, the listener key.
function Initialize-RdFakeWindows([string]$MachineGuid = '4c1e2f7a-0b9d-4e8e-9a51-2f0c4d6b7e10', [switch]$KeyFile) {
  Reset-FakeMachine
  Add-FmDirectory 'C:\ProgramData' 'S-1-5-18'
  Add-FmDirectory 'C:\ProgramData\Microsoft' 'S-1-5-18'
  Add-FmDirectory 'C:\ProgramData\Microsoft\Crypto' 'S-1-5-18'
  # MachineKeys: Everyone may create key files (this folder only), Administrators and SYSTEM full control.
  $mkAcl = @((New-FmAce 'S-1-1-0' 'R'), (New-FmAce 'S-1-5-32-544' 'F'), (New-FmAce 'S-1-5-18' 'F'))
  Add-FmDirectory 'C:\ProgramData\Microsoft\Crypto\RSA' 'S-1-5-18' $null $mkAcl
  Add-FmDirectory 'C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys' 'S-1-5-18' $mkAcl @((New-FmAce 'S-1-5-32-544' 'F'), (New-FmAce 'S-1-5-18' 'F'))
  Set-FmRegistryValue 'HKLM:\SOFTWARE\Microsoft\Cryptography' 'MachineGuid' $MachineGuid
  Set-FmRegistryValue 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server' 'fDenyTSConnections' 0
  Set-FmRegistryValue 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp' 'PortNumber' 3389
  foreach ($s in @('TermService', 'SessionEnv', 'UmRdpService', 'CryptSvc', 'KeyIso', 'CertPropSvc')) { Add-FmService $s 'Running' 'Manual' }
  New-FmStore 'Remote Desktop'
  New-FmStore 'My'
  if ($KeyFile) { Add-FmFile ('C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_' + $MachineGuid) 'S-1-5-18' @((New-FmAce 'S-1-5-18' 'F'), (New-FmAce 'S-1-5-32-544' 'F'), (New-FmAce 'S-1-5-20' 'R')) 'key' }
}

# Strings that must stay data: quotes, separators, subexpressions, backticks, newlines, Unicode.
$script:RdHostileStrings = @(
  "x'; Set-Content -Path pwned.txt -Value 1; '",
  'x"; $(Set-Content -Path pwned.txt -Value 1); "',
  '$(Set-Content -Path pwned.txt -Value 1)',
  'x`; Set-Content -Path pwned.txt -Value 1',
  ("line1`nSet-Content -Path pwned.txt -Value 1"),
  'x | Set-Content -Path pwned.txt -Value 1',
  'x & Set-Content -Path pwned.txt -Value 1',
  ('J' + [char]0x00FC + 'rgen ' + [char]0x2019 + '; Set-Content -Path pwned.txt -Value 1 ' + [char]0x2018),
  '@{a=(Set-Content -Path pwned.txt -Value 1)}'
)
