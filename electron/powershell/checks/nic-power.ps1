$classBase = 'HKLM:\SYSTEM\CurrentControlSet\Control\Class\{4D36E972-E325-11CE-BFC1-08002BE10318}'
$map = @{}
try {
  foreach ($k in @(Get-RdRegistrySubKeys $classBase)) {
    if ($k.PSChildName -notmatch '^\d{4}$') { continue }
    $id = $k.GetValue('NetCfgInstanceId', $null)
    if ($id) { $map[[string]$id] = @{ subkey = [string]$k.PSChildName; pnp = $k.GetValue('PnPCapabilities', $null) } }
  }
} catch { Add-RdError 'class-key' $_ }
$defaultIf = @{}
foreach ($r in @(Get-RdDefaultRoute)) { $defaultIf[[string]$r.ifIndex] = $true }
$list = New-Object System.Collections.ArrayList
try {
  foreach ($a in @(Get-RdNetAdapter -Physical | Where-Object { [string]$_.Status -eq 'Up' })) {
    $guid = [string]$a.InterfaceGuid
    $entry = $map[$guid]
    $allow = $null
    try {
      $pm = Get-RdAdapterPowerManagement ([string]$a.Name)
      if ($pm) { $allow = [string]$pm.AllowComputerToTurnOffDevice }
    } catch { Add-RdError ('power:' + [string]$a.Name) $_ }
    $sub = $null; $pnp = $null
    if ($entry) { $sub = $entry.subkey; $pnp = $entry.pnp }
    [void]$list.Add(@{
      name = [string]$a.Name
      interfaceDescription = [string]$a.InterfaceDescription
      interfaceGuid = $guid
      mediaType = [string]$a.MediaType
      linkSpeed = [string]$a.LinkSpeed
      carriesDefaultRoute = [bool]$defaultIf[[string]$a.ifIndex]
      classSubkey = $sub
      pnpCapabilities = $pnp
      allowComputerToTurnOffDevice = $allow
    })
  }
} catch { Add-RdError 'adapters' $_ }
Write-RdResult @{ adapters = @($list) }
