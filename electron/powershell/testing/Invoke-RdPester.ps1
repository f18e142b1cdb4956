# Runs our Pester tests (every *.Tests.ps1 under -Root) with Pester 5 and writes a JSON summary to
# -ResultPath: { pester, powershell, edition, passed, failed, skipped, notRun, failedBlocks,
# failedContainers, failures: [ { name, message } ] }. scripts/test.mjs reads it for its closing line.
# Tests tagged WindowsReal (the read-only checks without mocks) run only on Windows; -ExcludeTag adds
# more. Exit code 0 when nothing failed, 1 otherwise (and 2 when Pester itself could not start).
param(
  [Parameter(Mandatory = $true)][string]$Root,
  [Parameter(Mandatory = $true)][string]$ResultPath,
  [string]$PesterPath,
  [string[]]$Tag = @(),
  [string[]]$ExcludeTag = @(),
  [string]$Verbosity = 'Normal'
)
$ErrorActionPreference = 'Stop'
try {
  if ($PesterPath) { Import-Module -Name $PesterPath -Force }
  else { Import-Module -Name Pester -MinimumVersion 5.0 -Force }
}
catch {
  Write-Host ('Pester could not be loaded: ' + $_.Exception.Message)
  exit 2
}

$onWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or ($IsWindows -eq $true)
$exclude = @($ExcludeTag)
if (-not $onWindows) { $exclude += 'WindowsReal' }

$files = @(Get-ChildItem -LiteralPath $Root -Recurse -File -Filter '*.Tests.ps1' |
    Where-Object { $_.FullName -notmatch '[\\/]node_modules[\\/]' } |
    Sort-Object -Property FullName | ForEach-Object { $_.FullName })

$config = New-PesterConfiguration
$config.Run.Path = $files
$config.Run.PassThru = $true
$config.Output.Verbosity = $Verbosity
if (@($Tag).Count -gt 0) { $config.Filter.Tag = $Tag }
if ($exclude.Count -gt 0) { $config.Filter.ExcludeTag = $exclude }

$result = $null
if ($files.Count -gt 0) { $result = Invoke-Pester -Configuration $config }

$failures = @()
$summary = [ordered]@{
  pester           = [string](Get-Module -Name Pester).Version
  powershell       = [string]$PSVersionTable.PSVersion
  edition          = [string]$PSVersionTable.PSEdition
  files            = $files.Count
  excludedTags     = $exclude
  passed           = 0
  failed           = 0
  skipped          = 0
  notRun           = 0
  failedBlocks     = 0
  failedContainers = 0
  failures         = $failures
}
if ($null -ne $result) {
  $summary.passed = [int]$result.PassedCount
  $summary.failed = [int]$result.FailedCount
  $summary.skipped = [int]$result.SkippedCount
  $summary.notRun = [int]$result.NotRunCount
  $summary.failedBlocks = [int]$result.FailedBlocksCount
  $summary.failedContainers = [int]$result.FailedContainersCount
  foreach ($t in @($result.Failed)) {
    $message = ''
    if ($t.ErrorRecord) { $message = (@($t.ErrorRecord) | ForEach-Object { $_.Exception.Message }) -join ' | ' }
    $failures += [ordered]@{ name = [string]$t.ExpandedPath; message = $message }
  }
  foreach ($b in @($result.FailedBlocks)) {
    $failures += [ordered]@{ name = ('block: ' + [string]$b.ExpandedPath); message = (@($b.ErrorRecord) | ForEach-Object { $_.Exception.Message }) -join ' | ' }
  }
  foreach ($c in @($result.FailedContainers)) {
    $failures += [ordered]@{ name = ('file: ' + [string]$c.Item); message = (@($c.ErrorRecord) | ForEach-Object { $_.Exception.Message }) -join ' | ' }
  }
  $summary.failures = $failures
}
$ResultPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ResultPath)
$dir = Split-Path -Parent $ResultPath
if ($dir -and -not (Test-Path -LiteralPath $dir)) { $null = New-Item -ItemType Directory -Path $dir }
[System.IO.File]::WriteAllText($ResultPath, (ConvertTo-Json -InputObject $summary -Depth 5), (New-Object System.Text.UTF8Encoding($false)))
if ($summary.failed -gt 0 -or $summary.failedBlocks -gt 0 -or $summary.failedContainers -gt 0) { exit 1 }
exit 0
