# What the Pester tests share (dot-sourced in BeforeAll): run one of our scripts whole, as the runner
# does (prelude, seams, the script's file, input as JSON in RDPDOCTOR_INPUT), with the seams mocked,
# and read back the JSON it printed; plus builders of the recorded Windows objects the seams return.
$script:RdRoot = Split-Path -Parent $PSScriptRoot
# The real seams, so that Pester can mock them (the script's own copy is then shadowed by the mock).
. (Join-Path $script:RdRoot 'seams.ps1')
. (Join-Path $PSScriptRoot 'RdFakes.ps1')

# The text the runner runs for one script (the same order as fullScriptText in scripts.ts). With
# -Fake (a testing/fakes/*.ps1 file), RdFakes.ps1 and that file come after the seams and replace them,
# as the runner's testSeams option does in the integration test.
function Get-RdScriptText([string]$Path, [string]$Fake) {
  $files = @('prelude.ps1', 'seams.ps1')
  if ($Fake) { $files += @('testing/RdFakes.ps1', $Fake) }
  $parts = @($files + $Path) | ForEach-Object { [System.IO.File]::ReadAllText((Join-Path $script:RdRoot $_)) }
  return ($parts -join "`n")
}

# Runs a script with its input; returns the parsed JSON line. A script's fatal error is thrown.
function Invoke-RdScript([string]$Path, $InputObject = @{}, [string]$Fake) {
  $text = Get-RdScriptText $Path $Fake
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

