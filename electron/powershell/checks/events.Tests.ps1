BeforeAll {
  . (Join-Path $PSScriptRoot '../testing/RdTest.ps1')
  # The app gives the list (WATCHED_EVENTS in shared/checks/windows/events.ts); these tests give their own.
  $script:Rcm = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'
  $script:Queries = @{ queries = @(@{ provider = $script:Rcm; ids = @(1006, 1012, 1057, 1058, 1061, 1063, 1065) }, @{ provider = 'Schannel'; ids = @(36870, 36872, 36887) }) }
}

Describe 'checks/events.ps1' {
  It 'typical (recorded): 14 Schannel 36870 events grouped, the latest German message kept, no events for the other provider is not an error' {
    $r = Invoke-RdScript 'checks/events.ps1' $script:Queries -Fake 'testing/fakes/events.ps1'
    @($r.groups).Count | Should -Be 1
    $r.groups[0].id | Should -Be 36870
    $r.groups[0].count | Should -Be 14
    $r.groups[0].latestMessage | Should -BeLike 'Fehler beim Zugriff auf den privaten Schlüssel*'
    $r.groups[0].capped | Should -BeFalse
    @($r.errors).Count | Should -Be 0
  }

  It 'single object: one fatal-alert event (36887) returned bare, its alert code read from Properties[0]' {
    Mock Get-RdWinEvent {
      if ($Filter.ProviderName -eq 'Schannel') { New-RdEvent 'Schannel' 36887 (Get-Date).AddHours(-1) 'A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 46.' @(46) }
      else { throw (New-RdNotFound) }
    }
    $r = Invoke-RdScript 'checks/events.ps1' $script:Queries
    $r.groups[0].id | Should -Be 36887
    @($r.groups[0].alertCodes) | Should -Be @(46)
  }

  It 'the filter asks the System log, each provider it was given with exactly its event ids, and the last 7 days' {
    Mock Get-RdWinEvent { throw (New-RdNotFound) }
    $null = Invoke-RdScript 'checks/events.ps1' $script:Queries
    Should -Invoke Get-RdWinEvent -Times 1 -Exactly -ParameterFilter { $Filter.LogName -eq 'System' -and $Filter.ProviderName -eq 'Schannel' -and (@($Filter.Id) -join ',') -eq '36870,36872,36887' -and $Filter.StartTime -lt (Get-Date).AddDays(-6) -and $MaxEvents -eq 500 }
    Should -Invoke Get-RdWinEvent -Times 1 -Exactly -ParameterFilter { $Filter.ProviderName -eq $script:Rcm -and (@($Filter.Id) -join ',') -eq '1006,1012,1057,1058,1061,1063,1065' }
  }

  It 'input that is not a list of providers and ids is refused before any query (hostile, empty, too many ids)' {
    Mock Get-RdWinEvent { throw 'must not be called' }
    foreach ($bad in @(
        @{ queries = @(@{ provider = "Schannel'; Set-Content pwned.txt 1; '"; ids = @(36870) }) },
        @{ queries = @() },
        @{},
        @{ queries = @(@{ provider = 'Schannel'; ids = @(1..21) }) })) {
      { Invoke-RdScript 'checks/events.ps1' $bad } | Should -Throw '*RDPDOCTOR*'
    }
    Should -Invoke Get-RdWinEvent -Times 0 -Exactly
    Test-Path 'pwned.txt' | Should -BeFalse
  }

  It 'template certificate (recorded, 11.14): 1061, 1063 and 1065 grouped by id with counts, latest time and the latest message as Windows wrote it (German kept)' {
    $r = Invoke-RdScript 'checks/events.ps1' $script:Queries -Fake 'testing/fakes/events-template-cert.ps1'
    @($r.groups | ForEach-Object { '{0}x{1}' -f $_.id, $_.count }) | Should -Be @('1061x1', '1063x9', '1065x3')
    $expired = $r.groups[2]
    $expired.provider | Should -Be 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'
    $expired.latestMessage | Should -BeLike 'Das vorlagenbasierte Zertifikat*Zugriff verweigert.'
    ([datetime]$expired.latestTime) | Should -BeGreaterThan (Get-Date).AddHours(-9)
    $r.groups[0].latestMessage | Should -Be 'Event 1061 as Windows rendered it (test record).'
    @($r.errors).Count | Should -Be 0
  }

  It 'template certificate, none: the Remote Desktop log has only other events (1058), so no 1061-1065 group' {
    Mock Get-RdWinEvent { if ($Filter.ProviderName -like '*RemoteConnectionManager') { New-RdEvent $Filter.ProviderName 1058 (Get-Date) 'x' } else { throw (New-RdNotFound) } }
    $r = Invoke-RdScript 'checks/events.ps1' $script:Queries
    @($r.groups | ForEach-Object { $_.id }) | Should -Be @(1058)
  }

  It 'template certificate, access denied to the Remote Desktop provider only: its error is reported, Schannel still read' {
    Mock Get-RdWinEvent {
      if ($Filter.ProviderName -eq 'Schannel') { New-RdEvent 'Schannel' 36872 (Get-Date) 'no credential' }
      else { throw (New-RdAccessDenied 'System.UnauthorizedAccessException,Microsoft.PowerShell.Commands.GetWinEventCommand') }
    }
    $r = Invoke-RdScript 'checks/events.ps1' $script:Queries
    @($r.errors | ForEach-Object { $_.section }) | Should -Be @('Microsoft-Windows-TerminalServices-RemoteConnectionManager')
    @($r.groups | ForEach-Object { $_.id }) | Should -Be @(36872)
  }

  It 'empty: no matching events anywhere (NoMatchingEventsFound) is no group and no error' {
    Mock Get-RdWinEvent { throw (New-RdNotFound) }
    $r = Invoke-RdScript 'checks/events.ps1' $script:Queries
    @($r.groups).Count | Should -Be 0
    @($r.errors).Count | Should -Be 0
  }

  It 'missing property: an event whose message cannot be rendered (no message DLL) keeps a null message' {
    Mock Get-RdWinEvent { if ($Filter.ProviderName -like '*RemoteConnectionManager') { [pscustomobject]@{ ProviderName = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'; Id = 1057; TimeCreated = (Get-Date); Properties = @() } } else { throw (New-RdNotFound) } }
    $r = Invoke-RdScript 'checks/events.ps1' $script:Queries
    $r.groups[0].id | Should -Be 1057
    $r.groups[0].latestMessage | Should -BeNullOrEmpty
  }

  It 'access denied (German) is an error per provider; a missing Get-WinEvent too (11.11)' {
    Mock Get-RdWinEvent { throw (New-RdAccessDenied 'System.UnauthorizedAccessException,Microsoft.PowerShell.Commands.GetWinEventCommand' 'Es wurde versucht, einen nicht autorisierten Vorgang auszuführen.') }
    $r = Invoke-RdScript 'checks/events.ps1' $script:Queries
    @($r.errors | ForEach-Object { $_.section }) | Should -Be @('Microsoft-Windows-TerminalServices-RemoteConnectionManager', 'Schannel')
    Mock Get-RdWinEvent { Get-WinEventNotOnThisMachine }
    (Invoke-RdScript 'checks/events.ps1' $script:Queries).errors[0].errorId | Should -Be 'CommandNotFoundException'
  }
}
