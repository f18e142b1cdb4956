# The elevated bootstrap (after language-mode.ps1; fixed text; the runner puts in the base64 of the parameters file's path and
# that file's SHA-256 in place of the two markers below, both checked to be base64 / hex, and starts
# this elevated as -EncodedCommand). It refuses a parameters file or a script file whose hash differs,
# runs exactly the bytes it hashed, and writes the script's standard output, its error and its exit
# code to the three files the parameters name (created new: an existing file or link is refused).
$ErrorActionPreference = 'Stop'
$rdParamsFile = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String('@PARAMS_FILE_BASE64@'))
$rdParamsSha = '@PARAMS_SHA256@'
function Get-RdSha256([byte[]]$Bytes) {
  return (-join ([System.Security.Cryptography.SHA256]::Create().ComputeHash($Bytes) | ForEach-Object { $_.ToString('x2') }))
}
function New-RdOutFile([string]$Path) {
  $utf8 = New-Object System.Text.UTF8Encoding($false)
  $stream = New-Object System.IO.FileStream($Path, [System.IO.FileMode]::CreateNew, [System.IO.FileAccess]::Write, [System.IO.FileShare]::Read)
  $writer = New-Object System.IO.StreamWriter($stream, $utf8)
  $writer.AutoFlush = $true
  return $writer
}
$pb = [System.IO.File]::ReadAllBytes($rdParamsFile)
if ((Get-RdSha256 $pb) -ne $rdParamsSha) { [Console]::Error.WriteLine('RDPDOCTOR: the parameters file changed after it was written; nothing was done.'); exit 97 }
$rdParams = ConvertFrom-Json -InputObject ([System.Text.Encoding]::UTF8.GetString($pb))
$rdOut = New-RdOutFile ([string]$rdParams.stdoutFile)
$rdErr = New-RdOutFile ([string]$rdParams.stderrFile)
$rdCode = 1
try {
  $sb = [System.IO.File]::ReadAllBytes([string]$rdParams.scriptFile)
  if ((Get-RdSha256 $sb) -ne [string]$rdParams.scriptSha256) {
    $rdErr.WriteLine('RDPDOCTOR: the script file changed after it was written; nothing was done.')
    $rdCode = 97
  } else {
    $env:RDPDOCTOR_INPUT_FILE = [string]$rdParams.inputFile
    $env:RDPDOCTOR_INPUT_SHA256 = [string]$rdParams.inputSha256
    [Console]::SetOut($rdOut)
    try {
      & ([ScriptBlock]::Create([System.Text.Encoding]::UTF8.GetString($sb)))
      $rdCode = 0
    } catch {
      $rdErr.WriteLine([string]$_.Exception.Message)
      $rdErr.WriteLine('FullyQualifiedErrorId: ' + [string]$_.FullyQualifiedErrorId + ' (' + $_.Exception.GetType().FullName + ')')
      $rdCode = 1
    }
  }
} finally {
  $rdOut.Dispose()
  $rdErr.Dispose()
  $x = New-RdOutFile ([string]$rdParams.exitCodeFile)
  $x.Write([string]$rdCode)
  $x.Dispose()
}
exit $rdCode
