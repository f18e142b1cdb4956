# Every script under electron/powershell parses with PowerShell's own parser, and keeps to Windows
# PowerShell 5.1 (Compat51.psm1); each rule is shown catching a sample of what it forbids.
BeforeDiscovery {
  $root = Split-Path -Parent $PSScriptRoot
  $all = @(Get-ChildItem -LiteralPath $root -Recurse -File | Where-Object { $_.Extension -eq '.ps1' -or $_.Extension -eq '.psm1' } | Sort-Object FullName)
  $isTest = { param($f) $f.Name -like '*.Tests.ps1' -or $f.FullName -match '[\\/]testing[\\/]' }
  $scripts = @($all | ForEach-Object { @{ Name = $_.FullName.Substring($root.Length + 1); Path = $_.FullName; TestCode = [bool](& $isTest $_) } })
  $onDesktop = $PSVersionTable.PSEdition -eq 'Desktop'
  Import-Module (Join-Path $PSScriptRoot 'Compat51.psm1') -Force
  $commandCases = @((Get-RdCompat51Command).GetEnumerator() | Sort-Object Key | ForEach-Object { @{ Name = $_.Key; Module = $_.Value } })
}

BeforeAll {
  Import-Module (Join-Path $PSScriptRoot 'Compat51.psm1') -Force
  $root = Split-Path -Parent $PSScriptRoot
  $production = @(Get-ChildItem -LiteralPath $root -Recurse -File | Where-Object {
      ($_.Extension -eq '.ps1' -or $_.Extension -eq '.psm1') -and $_.Name -notlike '*.Tests.ps1' -and $_.FullName -notmatch '[\\/]testing[\\/]' })
  $functions = Get-RdDefinedFunctions @($production | ForEach-Object { $_.FullName })
  $none = New-Object 'System.Collections.Generic.HashSet[string]'
  function Get-Rules([string]$Text, [switch]$TestCode) { @(Test-RdCompat51 -Text $Text -Functions $none -TestCode:$TestCode | ForEach-Object { $_.rule }) }
}

Describe 'every script parses with zero errors' {
  It '<Name>' -ForEach $scripts {
    $errors = @(Get-RdParseError $Path)
    ($errors | ForEach-Object { "line $($_.line): $($_.message)" }) -join '; ' | Should -BeNullOrEmpty
  }
}

Describe 'every script keeps to Windows PowerShell 5.1' {
  It '<Name>' -ForEach $scripts {
    $text = [System.IO.File]::ReadAllText($Path)
    $found = @(Test-RdCompat51 -Text $text -Functions $functions -TestCode:$TestCode)
    ($found | ForEach-Object { "line $($_.line) [$($_.rule)] $($_.message)" }) -join '; ' | Should -BeNullOrEmpty
  }
}

Describe 'the rules catch what Windows PowerShell 5.1 lacks' {
  # Syntax that is new in PowerShell 6/7: the rule names it in 7; in 5.1 it is already a parse error.
  It 'PowerShell 7 syntax <Rule>: <Sample>' -ForEach @(
    @{ Rule = 'ternary'; Sample = '$a = $true ? 1 : 2' }
    @{ Rule = 'null-coalescing'; Sample = '$b = $null ?? 3' }
    @{ Rule = 'null-coalescing-assignment'; Sample = '$c ??= 4' }
    @{ Rule = 'null-conditional'; Sample = '${d}?.Length' }
    @{ Rule = 'null-conditional'; Sample = '${d}?[0]' }
    @{ Rule = 'null-conditional'; Sample = '${d}?.Trim()' }
    @{ Rule = 'pipeline-chain'; Sample = 'Get-Date && Get-Date' }
    @{ Rule = 'pipeline-chain'; Sample = 'Get-Date || Write-Output no' }
    @{ Rule = 'clean-block'; Sample = 'function f { process { } clean { } }' }
    @{ Rule = 'background-operator'; Sample = 'Start-Sleep 1 &' }
  ) {
    $rules = Get-Rules $Sample
    if ($onDesktop) { ($rules -contains $Rule -or $rules -contains 'parse') | Should -BeTrue }
    else { $rules | Should -Contain $Rule }
  }

  # What each rule must catch, one sample a line: parameters 5.1 lacks, .NET members missing from .NET
  # Framework (or from .NET), .NET types missing from .NET Framework.
  $caught = [ordered]@{
    'new-parameter' = @(
      '1..3 | ForEach-Object -Parallel { $_ }'
      '1..3 | % -Parallel { $_ }'
      '1..3 | ForEach-Object -ThrottleLimit 2 -Process { $_ }'
      'ConvertTo-Json -InputObject 1 -AsArray'
      'ConvertFrom-Json -InputObject "{}" -AsHashtable'
      'ConvertFrom-Json -InputObject "{}" -AsHash'
      'ConvertFrom-Json -InputObject "{}" -Depth 5'
      'Get-Content -LiteralPath x -AsByteStream'
      'Split-Path -LiteralPath x -LeafBase'
      'Test-Connection -TargetName h -TcpPort 3389'
    )
    'dotnet-member' = @(
      '[System.IO.Directory]::SetAccessControl($p, $s)'
      '[IO.Directory]::GetAccessControl($p)'
      '[System.IO.File]::SetAccessControl($p, $s)'
      '[System.IO.File]::GetAccessControl($p)'
      '(Get-Item -LiteralPath $p).GetAccessControl()'
      '$dir.SetAccessControl($s)'
      '[System.IO.Path]::Join("a", "b")'
      '[System.IO.Path]::GetRelativePath("a", "b")'
      '[Convert]::ToHexString($bytes)'
      '[System.Security.Cryptography.SHA256]::HashData($bytes)'
      '[Environment]::ProcessId'
    )
    'dotnet-type' = @(
      '[System.Text.Json.JsonSerializer]::Serialize(1)'
      'New-Object -TypeName System.Net.Http.HttpClient'
      '$v = [semver]"1.0.0"'
      '[System.Security.Cryptography.X509Certificates.CertificateRequest]::new("CN=x", $key, "SHA256")'
    )
  }
  It '<Rule> catches <Sample>' -ForEach @(foreach ($rule in $caught.Keys) { foreach ($sample in $caught[$rule]) { @{ Rule = $rule; Sample = $sample } } }) {
    Get-Rules $Sample | Should -Contain $Rule
  }

  It 'leaves a 5.1 parameter alone: <Sample>' -ForEach @(
    @{ Sample = 'Split-Path -LiteralPath x -Leaf' }
    @{ Sample = 'ConvertTo-Json -InputObject 1 -Depth 4 -Compress' }
    @{ Sample = '1..3 | ForEach-Object -Process { $_ }' }
    @{ Sample = 'Test-Connection -ComputerName h -Count 1 -Quiet' }
  ) {
    Get-Rules $Sample | Should -Not -Contain 'new-parameter'
  }

  It 'allows .NET Framework 4.7.2 types in test code only (the Windows runner has .NET 4.8)' {
    Get-Rules '[System.Security.Cryptography.X509Certificates.CertificateRequest]' -TestCode | Should -Not -Contain 'dotnet-type'
    Get-Rules '[System.Text.Json.JsonSerializer]::Serialize(1)' -TestCode | Should -Contain 'dotnet-type'
  }

  It 'PowerShell 6+ automatic variables in a script we run ($null in 5.1): <Sample>' -ForEach @(
    @{ Sample = 'if ($IsWindows) { 1 }' }
    @{ Sample = '$PSStyle.OutputRendering = "PlainText"' }
  ) {
    Get-Rules $Sample | Should -Contain 'new-variable'
    Get-Rules $Sample -TestCode | Should -Not -Contain 'new-variable'
  }

  It 'a `u{} escape, which 5.1 prints as written' {
    Get-Rules '"it`u{2019}s"' | Should -Contain 'unicode-escape'
    Get-Rules "'it``u{2019}s'" | Should -Not -Contain 'unicode-escape'
  }

  It 'a command that is not ours, not shipped with 5.1 and not a listed executable: <Sample>' -ForEach @(
    @{ Sample = 'Invoke-Expression $text' }
    @{ Sample = 'Get-WmiObject -Class Win32_Service' }
    @{ Sample = 'icacls C:\x /grant Users:R' }
    @{ Sample = 'gci C:\' }
    @{ Sample = 'Get-RdSomethingNobodyDefined' }
  ) {
    @(Test-RdCompat51 -Text $Sample -Functions $functions | ForEach-Object { $_.rule }) | Should -Contain 'command'
  }

  It 'allows our functions, 5.1 commands and listed executables' {
    $sample = "Write-RdResult @{}; Get-NetFirewallRule -Name x; Get-CimInstance -ClassName Win32_Service; & icacls.exe C:\x /save y; Get-VpnConnection"
    @(Test-RdCompat51 -Text $sample -Functions $functions) | Should -HaveCount 0
  }

  It 'names the module of each allowed command' {
    Get-RdCompatCommandModule 'Get-NetFirewallRule' | Should -Be 'NetSecurity'
    Get-RdCompatCommandModule 'Export-PfxCertificate' | Should -Be 'PKI'
    Get-RdCompatCommandModule 'Get-CimInstance' | Should -Be 'CimCmdlets'
    Get-RdCompatCommandModule 'Get-WmiObject' | Should -BeNullOrEmpty
  }
}

# Only on a Windows machine with Windows PowerShell 5.1: every command on the list is really there, in
# the module the list names.
Describe 'the 5.1 command list matches this Windows' -Tag 'WindowsReal' {
  It '<Name> is in <Module>' -Skip:(-not $onDesktop) -ForEach $commandCases {
    $command = Get-Command -Name $Name -ErrorAction SilentlyContinue
    $command | Should -Not -BeNullOrEmpty
    $command.ModuleName | Should -Be $Module
  }
}
