# Only on a real Windows (tag WindowsReal; Invoke-RdPester.ps1 leaves it out elsewhere): every read-only
# check script runs whole with the real seams, no mocks, under whichever PowerShell runs the suite
# (the workflow runs it in Windows PowerShell 5.1 and in PowerShell 7), so the real registry, Cert:,
# CIM, firewall and event log providers and 5.1's own ConvertTo-Json are what the script meets.
BeforeDiscovery {
  $checks = @(Get-ChildItem -LiteralPath $PSScriptRoot -File -Filter '*.ps1' | Where-Object { $_.Name -notlike '*.Tests.ps1' } |
      Sort-Object Name | ForEach-Object { @{ Name = 'checks/' + $_.Name } })
}

BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'every check script on this Windows, without mocks' -Tag 'WindowsReal' {
  It '<Name> prints one JSON object and meets every command it calls' -ForEach $checks {
    $r = Invoke-RdScript $Name @{ host = 'localhost'; port = 3389; queries = @(@{ provider = 'Schannel'; ids = @(36870, 36887) }) }
    $r | Should -Not -BeNullOrEmpty
    $missing = @(@($r.errors) | Where-Object { $_ -and ([string]$_.errorId -match 'CommandNotFound' -or [string]$_.exception -match 'CommandNotFound') })
    ($missing | ForEach-Object { [string]$_.section + ': ' + [string]$_.message }) -join '; ' | Should -BeNullOrEmpty
  }
}
