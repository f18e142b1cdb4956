BeforeAll { . (Join-Path $PSScriptRoot '../testing/RdTest.ps1') }

Describe 'checks/client-firewall.ps1' {
  BeforeAll {
    $script:Profiles = @((New-RdFirewallProfile 'Domain'), (New-RdFirewallProfile 'Private'), (New-RdFirewallProfile 'Public'))
    Mock Get-RdConnectionProfile { [pscustomobject]@{ Name = 'Firmennetz'; NetworkCategory = 'Private' } }
    Mock Get-RdFirewallProfile { $script:Profiles }
    Mock Get-RdFirewallAddressFilter { @() }
  }

  Context 'typical: an mstsc block rule, a port rule scoped to addresses, unrelated rules' {
    BeforeAll {
      Mock Get-RdFirewallRule {
        New-RdFakeRule '{6A1C3B2E-8F5D-4E2A-9C1B-0D3E4F5A6B7C}' 'Block Remote Desktop client'
        New-RdFakeRule 'Block-RDP-Outbound-Partner' 'Block RDP to partner network'
        New-RdFakeRule '{0B5D9E1A-2C3F-4A5B-8D6E-7F8091A2B3C4}' 'Block Chrome updates'
        New-RdFakeRule 'MSTSC-Out' 'Remote Desktop client' -Action Allow
        New-RdFakeRule 'Teams-Out' 'Teams' -Action Allow
      }
      Mock Get-RdFirewallPortFilter {
        New-RdPortFilter 'Block-RDP-Outbound-Partner' 'TCP' 'Any' '3389'
        New-RdPortFilter '{0B5D9E1A-2C3F-4A5B-8D6E-7F8091A2B3C4}' 'TCP'
        New-RdPortFilter 'Teams-Out' 'UDP' 'Any' '3478-3481'
      }
      Mock Get-RdFirewallApplicationFilter {
        New-RdApplicationFilter '{6A1C3B2E-8F5D-4E2A-9C1B-0D3E4F5A6B7C}' '%SystemRoot%\system32\mstsc.exe'
        New-RdApplicationFilter '{0B5D9E1A-2C3F-4A5B-8D6E-7F8091A2B3C4}' 'C:\Program Files\Google\Update\GoogleUpdate.exe'
        New-RdApplicationFilter 'MSTSC-Out' 'C:\Windows\System32\mstsc.exe'
        New-RdApplicationFilter 'Teams-Out' 'C:\Program Files\Teams\ms-teams.exe'
      }
      Mock Get-RdFirewallAddressFilter { New-RdAddressFilter 'Block-RDP-Outbound-Partner' '203.0.113.0/255.255.255.0' }
      $script:r = Invoke-RdScript 'checks/client-firewall.ps1' @{ port = 3389 }
    }
    It 'lists every enabled outbound block rule with its filters joined by InstanceID' {
      @($r.blockRules | ForEach-Object { $_.name }) | Should -Be @('{6A1C3B2E-8F5D-4E2A-9C1B-0D3E4F5A6B7C}', 'Block-RDP-Outbound-Partner', '{0B5D9E1A-2C3F-4A5B-8D6E-7F8091A2B3C4}')
      $r.blockRules[0].program | Should -Be '%SystemRoot%\system32\mstsc.exe'
      $r.blockRules[0].protocol | Should -Be 'Any'
      $r.blockRules[1].protocol | Should -Be 'TCP'
      @($r.blockRules[1].remotePorts) | Should -Be @('3389')
      @($r.blockRules[1].remoteAddresses) | Should -Be @('203.0.113.0/255.255.255.0')
      @($r.blockRules[2].remoteAddresses) | Should -Be @('Any')
    }
    It 'lists the allow rules for mstsc only (outbound is allowed by default, so port rules do not matter)' {
      @($r.allowRules | ForEach-Object { $_.name }) | Should -Be @('MSTSC-Out')
      $r.activeProfiles | Should -Be 'Private'
      @($r.profiles).Count | Should -Be 3
      @($r.errors).Count | Should -Be 0
    }
  }

  It 'with outbound blocked by default, an allow rule for the remote port counts too' {
    Mock Get-RdFirewallProfile { (New-RdFirewallProfile 'Public' -Outbound 'Block') }
    Mock Get-RdFirewallRule { (New-RdFakeRule 'Allow-RDP-Out' -Action Allow); (New-RdFakeRule 'Allow-Any-Port' -Action Allow) }
    Mock Get-RdFirewallPortFilter { (New-RdPortFilter 'Allow-RDP-Out' 'TCP' 'Any' @('3380-3390', '443')); (New-RdPortFilter 'Allow-Any-Port' 'TCP') }
    Mock Get-RdFirewallApplicationFilter { @() }
    $r = Invoke-RdScript 'checks/client-firewall.ps1' @{ port = 3389 }
    @($r.allowRules | ForEach-Object { $_.name }) | Should -Be @('Allow-RDP-Out')
    @($r.allowRules[0].remotePorts) | Should -Be @('3380-3390', '443')
  }

  It 'empty: no outbound rule at all (the CIM "not found" error) is an empty list, not an error, and fetches no filters' {
    Mock Get-RdFirewallRule { throw (New-RdCimNotFound) }
    Mock Get-RdFirewallPortFilter { throw 'must not be called' }
    Mock Get-RdFirewallApplicationFilter { throw 'must not be called' }
    $r = Invoke-RdScript 'checks/client-firewall.ps1' @{ port = 3389 }
    @($r.blockRules).Count | Should -Be 0
    @($r.allowRules).Count | Should -Be 0
    @($r.errors).Count | Should -Be 0
    Should -Invoke Get-RdFirewallPortFilter -Times 0 -Exactly
  }

  It 'single object: each seam returning one bare object (PowerShell unrolls one-element arrays)' {
    Mock Get-RdFirewallProfile { New-RdFirewallProfile 'Public' }
    Mock Get-RdConnectionProfile { [pscustomobject]@{ NetworkCategory = 'Public' } }
    Mock Get-RdFirewallRule { New-RdFakeRule 'Sortierende-RDP-Blockade' 'Sortierende RDP-Verbindungen blockieren' -Profile 'Public' -Source 'GroupPolicy' }
    Mock Get-RdFirewallPortFilter { New-RdPortFilter 'Sortierende-RDP-Blockade' 'TCP' 'Any' '3380-3399' }
    Mock Get-RdFirewallApplicationFilter { New-RdApplicationFilter 'Sortierende-RDP-Blockade' 'Any' }
    $r = Invoke-RdScript 'checks/client-firewall.ps1' @{ port = 3390 }
    $r.targetPort | Should -Be 3390
    @($r.blockRules).Count | Should -Be 1
    $r.blockRules[0].displayName | Should -Be 'Sortierende RDP-Verbindungen blockieren'
    $r.blockRules[0].source | Should -Be 'GroupPolicy'
    @($r.blockRules[0].remotePorts) | Should -Be @('3380-3399')
    @($r.activeProfiles) | Should -Be @('Public')
  }

  It 'missing properties: a rule without InstanceID joins by Name; a rule without filters reads as Any' {
    Mock Get-RdFirewallRule {
      [pscustomobject]@{ Name = 'No-Instance-Id'; DisplayName = 'Ohne Kennung'; Enabled = 'True'; Direction = 'Outbound'; Action = 'Block' }
      [pscustomobject]@{ Name = 'No-Filters'; Enabled = 'True'; Direction = 'Outbound'; Action = 'Block' }
    }
    Mock Get-RdFirewallPortFilter { New-RdPortFilter 'No-Instance-Id' 'TCP' 'Any' '3389' }
    Mock Get-RdFirewallApplicationFilter { @() }
    $r = Invoke-RdScript 'checks/client-firewall.ps1' @{ port = 3389 }
    @($r.blockRules[0].remotePorts) | Should -Be @('3389')
    $r.blockRules[1].program | Should -Be 'Any'
    $r.blockRules[1].protocol | Should -Be 'Any'
    $r.blockRules[1].displayName | Should -Be ''
    $r.blockRules[1].group | Should -Be ''
  }

  It 'access denied (a CimException, German message) is a block-rules error, and the profiles still report' {
    Mock Get-RdFirewallRule { throw (New-RdCimAccessDenied 'Windows System Error 5,Get-NetFirewallRule' 'Zugriff verweigert') }
    $r = Invoke-RdScript 'checks/client-firewall.ps1' @{ port = 3389 }
    $r.errors[0].section | Should -Be 'block-rules'
    $r.errors[0].message | Should -Be 'Zugriff verweigert'
    $r.errors[0].exception | Should -Be 'Microsoft.Management.Infrastructure.CimException'
    @($r.profiles).Count | Should -Be 3
  }

  It '11.11: a missing cmdlet (CommandNotFoundException) is an error, never "no rules found"' {
    Mock Get-RdFirewallRule { Get-NetFirewallRuleNotOnThisEdition -Direction Outbound }
    $r = Invoke-RdScript 'checks/client-firewall.ps1' @{ port = 3389 }
    $r.errors[0].section | Should -Be 'block-rules'
    $r.errors[0].errorId | Should -Be 'CommandNotFoundException'
    $r.errors[0].exception | Should -Be 'System.Management.Automation.CommandNotFoundException'
  }

  It '11.10: 600 rules cost one rule query and one query per filter kind (joined on InstanceID); prints the time' {
    $script:rules = New-Object System.Collections.ArrayList; $script:ports = New-Object System.Collections.ArrayList; $script:apps = New-Object System.Collections.ArrayList
    for ($i = 0; $i -lt 600; $i++) {
      $id = '{' + ([guid]::new($i, 0, 0, [byte[]](0, 0, 0, 0, 0, 0, 0, 0))).ToString().ToUpperInvariant() + '}'
      $act = 'Allow'; if ($i % 10 -eq 0) { $act = 'Block' }
      [void]$script:rules.Add((New-RdFakeRule $id ('Regel ' + $i) -Action $act))
      [void]$script:ports.Add((New-RdPortFilter $id 'TCP' 'Any' ([string](1000 + $i))))
      [void]$script:apps.Add((New-RdApplicationFilter $id ('C:\Programme\App' + $i + '\app.exe')))
    }
    Mock Get-RdFirewallRule { $script:rules }
    Mock Get-RdFirewallPortFilter { $script:ports }
    Mock Get-RdFirewallApplicationFilter { $script:apps }
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $r = Invoke-RdScript 'checks/client-firewall.ps1' @{ port = 3389 }
    $watch.Stop()
    Write-Host ('    client-firewall over a fake store of 600 rules: ' + $watch.ElapsedMilliseconds + ' ms, 4 queries')
    @($r.blockRules).Count | Should -Be 60
    @($r.blockRules[59].remotePorts) | Should -Be @('1590')
    $r.blockRules[59].program | Should -Be 'C:\Programme\App590\app.exe'
    Should -Invoke Get-RdFirewallRule -Times 1 -Exactly
    Should -Invoke Get-RdFirewallPortFilter -Times 1 -Exactly
    Should -Invoke Get-RdFirewallApplicationFilter -Times 1 -Exactly
    Should -Invoke Get-RdFirewallAddressFilter -Times 1 -Exactly
  }
}
