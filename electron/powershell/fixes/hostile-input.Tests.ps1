# Hostile strings (quotes, ;, $(), backticks, newlines, |, &, Unicode quotes) in every input of every
# fix script, in real PowerShell: each script either refuses the value or treats it as data. A run of
# any hostile string as code would create pwned.txt in the current folder (the test folder here): the
# control test proves that detector works.
BeforeAll {
  . (Join-Path $PSScriptRoot '../testing/RdTest.ps1')
  $undoId = '0f8fad5b-d9cb-469f-a165-70867728950e'
  $t = '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C'
  # Every fix script with a valid input; each key is replaced in turn by each hostile string.
  $cases = @(
    @{ script = 'fixes/keyfile-acl.ps1'; input = @{ undoId = $undoId; restartSessionEnv = $true } },
    @{ script = 'fixes/keyfile-acl-undo.ps1'; input = @{ undoId = $undoId; ownerTaken = $true; ownerBefore = 'S-1-5-18' } },
    @{ script = 'fixes/regenerate-cert.ps1'; input = @{ undoId = $undoId; thumbprint = $t } },
    @{ script = 'fixes/regenerate-cert-undo.ps1'; input = @{ undoId = $undoId; thumbprints = @($t) } },
    @{ script = 'fixes/reset-machinekeys-acl.ps1'; input = @{ undoId = $undoId } },
    @{ script = 'fixes/reset-machinekeys-acl-undo.ps1'; input = @{ undoId = $undoId } },
    @{ script = 'fixes/rebuild-machinekeys.ps1'; input = @{ undoId = $undoId } },
    @{ script = 'fixes/rebuild-machinekeys-undo.ps1'; input = @{ undoId = $undoId; thumbprints = @($t); newThumbprint = $t } },
    @{ script = 'fixes/clear-cert-hash.ps1'; input = @{ thumbprint = $t } },
    @{ script = 'fixes/clear-cert-hash-undo.ps1'; input = @{ thumbprint = $t } },
    @{ script = 'fixes/enable-rdp-undo.ps1'; input = @{ beforeDeny = 1; rules = @(@{ name = 'RemoteDesktop-UserMode-In-TCP'; enabled = 'False' }) } },
    @{ script = 'fixes/firewall-apply.ps1'; input = @{ undoId = $undoId; profiles = @('Private') } },
    @{ script = 'fixes/firewall-undo.ps1'; input = @{ before = @(@{ name = 'RemoteDesktop-UserMode-In-TCP'; enabled = 'False'; profile = 'Any' }); created = @('RDPDoctor-RemoteDesktop-In-TCP-3390') } },
    @{ script = 'fixes/set-nla.ps1'; input = @{ required = $true } },
    @{ script = 'fixes/set-security-layer.ps1'; input = @{ securityLayer = 1 } },
    @{ script = 'fixes/start-services-undo.ps1'; input = @{ before = @(@{ name = 'TermService'; status = 'Running'; startType = 'Manual' }) } },
    @{ script = 'fixes/remote-repair.ps1'; input = @{ host = 'pc-042'; action = 'firewall'; thumbprint = $t; useSsl = $false; skipCertificateCheck = $false } }
  )
}

Describe 'hostile input to every fix script never runs (10.5)' {
  BeforeEach {
    Initialize-RdFakeWindows -KeyFile
    Add-FmFirewallRule @{ Name = 'RemoteDesktop-UserMode-In-TCP'; Group = '@FirewallAPI.dll,-28752'; Enabled = 'False' }
    Use-RdFakeMachine
    Mock Get-RdPSEdition { 'Desktop' }
    Mock Get-RdCredential { [pscustomobject]@{ UserName = 'CORP\admin' } }
    Mock Invoke-RdRemote { @{ action = 'firewall' } }
    Push-Location $TestDrive
  }
  AfterEach { Pop-Location }

  It 'control: the detector sees a hostile string that does run' {
    Invoke-Expression $RdHostileStrings[2]
    Test-Path (Join-Path $TestDrive 'pwned.txt') | Should -BeTrue
    Remove-Item (Join-Path $TestDrive 'pwned.txt')
  }

  It 'each input of each script, replaced by each hostile string (as a value and inside a list)' {
    $runs = 0
    foreach ($c in $cases) {
      foreach ($key in @($c.input.Keys)) {
        foreach ($h in $RdHostileStrings) {
          foreach ($shape in @('value', 'list')) {
            $input1 = @{}
            foreach ($k in $c.input.Keys) { $input1[$k] = $c.input[$k] }
            if ($shape -eq 'value') { $input1[$key] = $h } else { $input1[$key] = @($h) }
            $null = Invoke-RdScriptCapture $c.script $input1
            $runs++
            if (Test-Path (Join-Path $TestDrive 'pwned.txt')) { throw ('ran as code: ' + $c.script + ' ' + $key + ' = ' + $h) }
          }
        }
      }
    }
    $runs | Should -BeGreaterThan 400
    Test-Path (Join-Path $TestDrive 'pwned.txt') | Should -BeFalse
  }
}
