BeforeAll {
  . (Join-Path $PSScriptRoot '../testing/RdTest.ps1')
  function New-RdCred([string]$User) { [pscustomobject]@{ UserName = $User } }
  function New-RdWinRmError([string]$Message, [string]$Id = 'WinRMOperationTimeout,PSSessionStateBroken') {
    $ex = New-Object System.Management.Automation.Remoting.PSRemotingTransportException($Message)
    New-Object System.Management.Automation.ErrorRecord($ex, $Id, 'OpenError', $null)
  }
  $input0 = @{ host = 'pc-042'; action = 'firewall'; thumbprint = $null; useSsl = $false; skipCertificateCheck = $false }
}

Describe 'fixes/remote-repair.ps1: what WinRM would refuse is detected and explained (11.13, 11.12)' {
  BeforeEach {
    Mock Get-RdPSEdition { 'Desktop' }
    Mock Get-RdCimInstance { @([pscustomobject]@{ PartOfDomain = $true }) }
    Mock Get-RdTrustedHosts { '' }
    Mock Get-RdCredential { New-RdCred 'CORP\admin' }
    Mock Invoke-RdRemote { @{ action = 'firewall'; undoDir = 'C:\ProgramData\RDPDoctor\Undo\remote-1'; computer = 'PC-042'; enabled = $true } }
  }

  It 'connects in a domain over HTTP without asking for TrustedHosts, and passes the action as data' {
    $r = Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $input0
    $r.error | Should -BeNullOrEmpty
    $r.json.remote.enabled | Should -BeTrue
    Should -Invoke Invoke-RdRemote -Times 1 -ParameterFilter { $Params.ComputerName -eq 'pc-042' -and $Params.ArgumentList[0] -eq 'firewall' -and -not $Params.ContainsKey('UseSSL') }
  }

  It 'refuses to start in PowerShell 7 (no credential dialog there) and says where to run it' {
    Mock Get-RdPSEdition { 'Core' }
    $r = Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $input0
    [string]$r.error | Should -BeLike 'RDPDOCTOR-PRECONDITION credential-prompt:*Windows PowerShell*'
    Should -Invoke Get-RdCredential -Times 0
  }

  It 'workgroup computer over HTTP: names the TrustedHosts command before asking for credentials' {
    Mock Get-RdCimInstance { @([pscustomobject]@{ PartOfDomain = $false }) }
    $r = Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $input0
    [string]$r.error | Should -BeLike 'RDPDOCTOR-PRECONDITION trusted-hosts:*Set-Item WSMan:\localhost\Client\TrustedHosts -Value ''pc-042'' -Concatenate*'
    Should -Invoke Get-RdCredential -Times 0
    Should -Invoke Invoke-RdRemote -Times 0
  }

  It 'an IP address needs TrustedHosts even in a domain; a listed host (or *) goes ahead' {
    $ip = $input0.Clone(); $ip.host = '192.168.1.25'
    [string](Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $ip).error | Should -BeLike 'RDPDOCTOR-PRECONDITION trusted-hosts:*'
    Mock Get-RdTrustedHosts { 'srv1, 192.168.1.25' }
    (Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $ip).error | Should -BeNullOrEmpty
    Mock Get-RdTrustedHosts { '*' }
    (Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $ip).error | Should -BeNullOrEmpty
  }

  It 'HTTPS to a self-signed listener: refused without consent, with the choice explained; with consent the CA and name checks are skipped' {
    Mock Invoke-RdRemote { throw (New-RdWinRmError 'Connecting to remote server pc-042 failed with the following error message : The server certificate on the destination computer (pc-042:5986) has the following errors: The SSL certificate is signed by an unknown certificate authority.') }
    $ssl = $input0.Clone(); $ssl.useSsl = $true
    $r = Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $ssl
    [string]$r.error | Should -BeLike 'RDPDOCTOR-PRECONDITION winrm-certificate:*skip the certificate checks*'
    Should -Invoke Invoke-RdRemote -Times 1 -ParameterFilter { $Params.UseSSL -and -not $Params.SessionOption.SkipCACheck }
    Mock Invoke-RdRemote { @{ action = 'firewall'; computer = 'PC-042'; enabled = $true } }
    $ssl.skipCertificateCheck = $true
    (Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $ssl).error | Should -BeNullOrEmpty
    Should -Invoke Invoke-RdRemote -Times 1 -ParameterFilter { $Params.UseSSL -and $Params.SessionOption.SkipCACheck -and $Params.SessionOption.SkipCNCheck }
  }

  It 'consent to skip the checks is ignored over HTTP (nothing to skip there)' {
    $h = $input0.Clone(); $h.skipCertificateCheck = $true
    (Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $h).error | Should -BeNullOrEmpty
    Should -Invoke Invoke-RdRemote -Times 1 -ParameterFilter { -not $Params.ContainsKey('SessionOption') }
  }

  It 'a local administrator refused with "Access is denied": explains LocalAccountTokenFilterPolicy; a domain account gets the plain error' {
    Mock Invoke-RdRemote { throw (New-RdWinRmError 'Connecting to remote server pc-042 failed with the following error message : Access is denied.' 'AccessDenied,PSSessionStateBroken') }
    Mock Get-RdCredential { New-RdCred 'pc-042\helpdesk' }
    [string](Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $input0).error | Should -BeLike 'RDPDOCTOR-PRECONDITION local-account-token-filter:*LocalAccountTokenFilterPolicy -Value 1*'
    Mock Get-RdCredential { New-RdCred '.\helpdesk' }
    [string](Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $input0).error | Should -BeLike 'RDPDOCTOR-PRECONDITION local-account-token-filter:*'
    Mock Get-RdCredential { New-RdCred 'CORP\admin' }
    [string](Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $input0).error | Should -Not -BeLike 'RDPDOCTOR-PRECONDITION*'
  }

  It 'WinRM''s own TrustedHosts refusal is explained the same way' {
    Mock Invoke-RdRemote { throw (New-RdWinRmError 'The WinRM client cannot process the request. ... the destination computer must be added to the TrustedHosts configuration setting.') }
    [string](Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $input0).error | Should -BeLike 'RDPDOCTOR-PRECONDITION trusted-hosts:*'
  }

  It 'cancelled credentials end it without connecting' {
    Mock Get-RdCredential { $null }
    [string](Invoke-RdScriptCapture 'fixes/remote-repair.ps1' $input0).error | Should -BeLike 'RDPDOCTOR-CANCELLED*'
    Should -Invoke Invoke-RdRemote -Times 0
  }
}
