# The bootstrap (after language-mode.ps1; fixed text; the runner puts the script file's SHA-256 in place of the
# marker below and passes this as -EncodedCommand): verify the script file's hash, then run exactly
# the bytes it hashed.
$ErrorActionPreference = 'Stop'
$b = [System.IO.File]::ReadAllBytes($env:RDPDOCTOR_SCRIPT_FILE)
$h = -join ([System.Security.Cryptography.SHA256]::Create().ComputeHash($b) | ForEach-Object { $_.ToString('x2') })
if ($h -ne '@SCRIPT_SHA256@') { [Console]::Error.WriteLine('RDPDOCTOR: the script file changed after it was written; nothing was done.'); exit 97 }
& ([ScriptBlock]::Create([System.Text.Encoding]::UTF8.GetString($b)))
