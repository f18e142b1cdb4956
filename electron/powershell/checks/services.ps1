$list = New-Object System.Collections.ArrayList
# Remote Desktop's own services, then what its certificate needs (Cryptographic Services, CNG Key Isolation, Certificate Propagation).
foreach ($n in @('TermService', 'SessionEnv', 'UmRdpService', 'CryptSvc', 'KeyIso', 'CertPropSvc')) {
  try {
    $s = Get-RdService $n
    if ($null -eq $s) { [void]$list.Add(@{ name = $n; exists = $false }); continue }
    $account = $null
    try {
      $w = @(Get-RdCimInstance -ClassName 'Win32_Service' -Filter ("Name='" + $n + "'")) | Select-Object -First 1
      if ($w) { $account = [string]$w.StartName }
    } catch { Add-RdError ('account:' + $n) $_ }
    [void]$list.Add(@{ name = $n; exists = $true; displayName = [string]$s.DisplayName; status = [string]$s.Status; startType = [string]$s.StartType; account = $account })
  } catch { Add-RdError $n $_ }
}
Write-RdResult @{ services = @($list) }
