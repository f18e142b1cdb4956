$result = @{ available = $true; products = @() }
$list = New-Object System.Collections.ArrayList
foreach ($cls in @('AntiVirusProduct', 'FirewallProduct')) {
  try {
    foreach ($p in @(Get-RdCimInstance -Namespace 'root/SecurityCenter2' -ClassName $cls)) {
      [void]$list.Add(@{
        kind = $cls
        displayName = [string]$p.displayName
        productState = [int64]$p.productState
        path = [string]$p.pathToSignedProductExe
      })
    }
  } catch {
    $text = [string]$_.Exception.Message + ' ' + [string]$_.FullyQualifiedErrorId
    if ($text -match 'Invalid namespace|0x8004100e|Ungültiger Namespace|Espace de noms non valide') { $result.available = $false; break }
    Add-RdError $cls $_
  }
}
$result.products = @($list)
Write-RdResult $result
