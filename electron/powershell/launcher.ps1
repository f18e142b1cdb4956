# The elevation launcher (fixed text, run NOT elevated as -EncodedCommand by the runner). It asks
# Windows for administrator rights with Start-Process -Verb RunAs and waits. Nothing it is given
# becomes code: the environment names the PowerShell to start (RDPDOCTOR_POWERSHELL) and carries the
# elevated process's -EncodedCommand (RDPDOCTOR_ELEVATED_COMMAND: base64 only, built by the runner
# from bootstrap.ps1 with the parameters file's path and hash). Every other path (script, input,
# output files) travels inside that hash-checked parameters file, so no path is ever quoted for cmd
# and a temp folder like C:\Users\Jürgen O'Brien\AppData\Local\Temp works as any other.
# Exit codes: the elevated script's own; 96 the administrator prompt was declined; 95 it could not start.
$ErrorActionPreference = 'Stop'

# The one seam the tests replace: on Linux there is no UAC, so they start the same command unelevated.
function Start-RdElevatedProcess([string]$FilePath, [string[]]$ArgumentList) {
  return (Start-Process -FilePath $FilePath -ArgumentList $ArgumentList -Verb RunAs -WindowStyle Hidden -Wait -PassThru)
}

function Test-RdDeclined($Exception) {
  # ERROR_CANCELLED (1223): the user answered No to the administrator prompt (any display language).
  for ($e = $Exception; $null -ne $e; $e = $e.InnerException) {
    if ($e -is [System.ComponentModel.Win32Exception] -and $e.NativeErrorCode -eq 1223) { return $true }
  }
  return $false
}

function Invoke-RdLaunch {
  $exe = [string]$env:RDPDOCTOR_POWERSHELL
  $encoded = [string]$env:RDPDOCTOR_ELEVATED_COMMAND
  if ($encoded -notmatch '^[A-Za-z0-9+/]+={0,2}$' -or $encoded.Length -gt 30000) {
    [Console]::Error.WriteLine('RDPDOCTOR-ELEVATION-FAILED: the elevated command is not valid; nothing was done.')
    return 95
  }
  if (-not [System.IO.Path]::IsPathRooted($exe) -or -not (Test-Path -LiteralPath $exe -PathType Leaf)) {
    [Console]::Error.WriteLine('RDPDOCTOR-ELEVATION-FAILED: PowerShell was not found; nothing was done.')
    return 95
  }
  $arguments = @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', $encoded)
  try {
    $p = Start-RdElevatedProcess -FilePath $exe -ArgumentList $arguments
  } catch {
    if (Test-RdDeclined $_.Exception) {
      [Console]::Error.WriteLine('RDPDOCTOR-ELEVATION-DECLINED: administrator permission was not given; nothing was changed.')
      return 96
    }
    [Console]::Error.WriteLine('RDPDOCTOR-ELEVATION-FAILED: ' + [string]$_.Exception.Message)
    return 95
  }
  if ($null -eq $p -or $null -eq $p.ExitCode) { return 0 }
  return [int]$p.ExitCode
}
