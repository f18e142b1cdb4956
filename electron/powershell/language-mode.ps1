# First line of everything we run. Constrained Language Mode (AppLocker / WDAC) forbids the .NET calls
# the scripts make: report it as the one result before anything else runs, using only what that mode allows.
if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') { Write-Output ('{"restricted":true,"languageMode":"' + $ExecutionContext.SessionState.LanguageMode + '"}'); exit 0 }
