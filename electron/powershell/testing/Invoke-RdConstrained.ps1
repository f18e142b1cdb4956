# Runs scripts' text in a runspace set to Constrained Language Mode (what AppLocker / WDAC impose on a
# locked-down Windows; the language mode works the same in PowerShell 7 on Linux). For -Path, or for
# each path listed in the -List file (one a line), writes one JSON line to stdout: { path, output: [ each output object as text ], errors: [ ... ] }.
# Used by language-mode.Tests.ps1 and by the check runner's vitest (check.test.ts); never by the app.
param([string]$Path, [string]$List)
$paths = @()
if ($Path) { $paths += $Path }
if ($List) { $paths += @([System.IO.File]::ReadAllLines($List) | Where-Object { $_ -ne '' }) }
foreach ($p in $paths) {
  $runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace()
  $runspace.Open()
  $runspace.SessionStateProxy.LanguageMode = 'ConstrainedLanguage'
  $ps = [System.Management.Automation.PowerShell]::Create()
  $ps.Runspace = $runspace
  $null = $ps.AddScript([System.IO.File]::ReadAllText($p))
  $output = @()
  $errors = @()
  try { foreach ($o in $ps.Invoke()) { $output += [string]$o } }
  catch {
    $e = $_.Exception
    if ($e.InnerException) { $e = $e.InnerException }
    $errors += $e.Message
  }
  foreach ($e in $ps.Streams.Error) { $errors += [string]$e }
  $ps.Dispose()
  $runspace.Close()
  [Console]::Out.WriteLine((ConvertTo-Json -InputObject ([ordered]@{ path = $p; output = @($output); errors = @($errors) }) -Compress -Depth 3))
}
