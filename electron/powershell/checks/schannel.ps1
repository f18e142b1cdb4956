$base = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols'
$rows = New-Object System.Collections.ArrayList
foreach ($p in @('SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3')) {
  foreach ($side in @('Client', 'Server')) {
    try {
      $path = $base + '\' + $p + '\' + $side
      $enabled = Get-RegValue $path 'Enabled'
      $dbd = Get-RegValue $path 'DisabledByDefault'
      [void]$rows.Add(@{ protocol = $p; side = $side; enabled = $enabled; disabledByDefault = $dbd })
    } catch { Add-RdError ($p + ' ' + $side) $_ }
  }
}
$fips = $null
try { $fips = Get-RegValue 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa\FIPSAlgorithmPolicy' 'Enabled' } catch { Add-RdError 'fips' $_ }
# The cipher-suite order set by Group Policy (SSL Cipher Suite Order); behind event 36874 when a client offers none of them.
$cipherSuites = $null
try { $cipherSuites = Get-RegValue 'HKLM:\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002' 'Functions' } catch { Add-RdError 'cipher-suites' $_ }
$os = Get-RdWindowsVersion 'os' @{ build = 'CurrentBuildNumber'; productName = 'ProductName'; installationType = 'InstallationType' }
Write-RdResult @{ protocols = @($rows); fips = $fips; cipherSuitePolicy = $cipherSuites; os = $os }
