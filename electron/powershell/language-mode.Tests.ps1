# Constrained Language Mode (AppLocker / WDAC): every script we run starts with language-mode.ps1, so
# on a locked-down computer it prints the one 'restricted' result instead of failing on its first .NET
# call. Proven for real: each script's whole text runs in a runspace set to ConstrainedLanguage, in a
# child PowerShell (testing/Invoke-RdConstrained.ps1).
BeforeDiscovery {
  $root = $PSScriptRoot
  $scripts = @(Get-ChildItem -LiteralPath (Join-Path $root 'checks'), (Join-Path $root 'fixes') -File -Filter '*.ps1' |
      Where-Object { $_.Name -notlike '*.Tests.ps1' } | Sort-Object FullName |
      ForEach-Object { @{ Name = $_.Directory.Name + '/' + $_.Name } })
}

BeforeAll {
  . (Join-Path $PSScriptRoot 'testing/RdTest.ps1')
  $languageMode = [System.IO.File]::ReadAllText((Join-Path $PSScriptRoot 'language-mode.ps1'))
  $work = Join-Path ([System.IO.Path]::GetTempPath()) ('rdpd-clm-' + [guid]::NewGuid().ToString('N'))
  $null = New-Item -ItemType Directory -Path $work
  # What the runner runs for each script (language-mode.ps1, prelude, seams, the script), and a copy
  # without the language-mode line; then every file in one constrained child PowerShell.
  $files = @{}
  $all = @(Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot 'checks'), (Join-Path $PSScriptRoot 'fixes') -File -Filter '*.ps1' | Where-Object { $_.Name -notlike '*.Tests.ps1' })
  foreach ($f in $all) {
    $name = $f.Directory.Name + '/' + $f.Name
    $file = Join-Path $work (($name -replace '/', '_') + '.full.ps1')
    [System.IO.File]::WriteAllText($file, $languageMode + "`n" + (Get-RdScriptText $name))
    $files[$name] = $file
  }
  $unguarded = Join-Path $work 'unguarded.ps1'
  [System.IO.File]::WriteAllText($unguarded, (Get-RdScriptText 'checks/credssp-policy.ps1'))
  $bootstrap = Join-Path $work 'bootstrap.ps1'
  [System.IO.File]::WriteAllText($bootstrap, $languageMode + "`n" + [System.IO.File]::ReadAllText((Join-Path $PSScriptRoot 'bootstrap.ps1')))
  # The PowerShell running these tests (RDPDOCTOR_PWSH from npm test; powershell.exe for 5.1; else the
  # pwsh beside this one: a .NET tool's process is dotnet itself).
  $pwsh = $env:RDPDOCTOR_PWSH
  if (-not $pwsh -and $PSVersionTable.PSEdition -eq 'Desktop') { $pwsh = Join-Path $PSHOME 'powershell.exe' }
  if (-not $pwsh) { $pwsh = @((Join-Path $PSHOME 'pwsh.exe'), (Join-Path $PSHOME 'pwsh')) | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1 }
  $list = Join-Path $work 'list.txt'
  [System.IO.File]::WriteAllLines($list, [string[]](@($files.Values) + $unguarded + $bootstrap))
  $lines = & $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'testing/Invoke-RdConstrained.ps1') -List $list
  $results = @{}
  foreach ($l in @($lines)) { $r = ConvertFrom-Json -InputObject $l; $results[$r.path] = $r }
}

AfterAll { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'language-mode.ps1 under Constrained Language Mode' {
  It '<Name> prints only the restricted result, and nothing of the script runs' -ForEach $scripts {
    $r = $results[$files[$Name]]
    @($r.errors) | Should -HaveCount 0
    @($r.output) | Should -HaveCount 1
    $json = ConvertFrom-Json -InputObject $r.output[0]
    $json.restricted | Should -BeTrue
    $json.languageMode | Should -Be 'ConstrainedLanguage'
  }

  It 'the elevation bootstrap stops the same way before it reads any file' {
    $r = $results[$bootstrap]
    @($r.errors) | Should -HaveCount 0
    @($r.output) | Should -Be @('{"restricted":true,"languageMode":"ConstrainedLanguage"}')
  }

  It 'without it a script fails on its first .NET call (why the line comes first)' {
    $r = $results[$unguarded]
    @($r.errors).Count | Should -BeGreaterThan 0
    ($r.errors -join ' ') | Should -Match 'language mode'
    @($r.output | Where-Object { $_ -match 'restricted' }) | Should -HaveCount 0
  }

  It 'in Full Language Mode it lets the script run' {
    $ExecutionContext.SessionState.LanguageMode | Should -Be 'FullLanguage'
    Mock Get-RdRegistryKey { $null }
    $r = Invoke-RdScript 'checks/credssp-policy.ps1'
    $r.PSObject.Properties.Name | Should -Not -Contain 'restricted'
  }
}
