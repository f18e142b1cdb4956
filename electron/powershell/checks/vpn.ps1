$result = @{ adapters = @(); connections = @(); routes = @() }
try {
  $list = New-Object System.Collections.ArrayList
  foreach ($a in @(Get-RdNetAdapter)) {
    [void]$list.Add(@{
      name = [string]$a.Name
      interfaceDescription = [string]$a.InterfaceDescription
      status = [string]$a.Status
      ifIndex = [int]$a.ifIndex
      ifType = [int]$a.InterfaceType
    })
  }
  $result.adapters = @($list)
} catch { Add-RdError 'adapters' $_ }
try {
  $list = New-Object System.Collections.ArrayList
  foreach ($r in @(Get-RdDefaultRoute)) {
    [void]$list.Add(@{ ifIndex = [int]$r.ifIndex; prefix = [string]$r.DestinationPrefix; metric = [int]$r.RouteMetric })
  }
  $result.routes = @($list)
} catch { Add-RdError 'routes' $_ }
try {
  $list = New-Object System.Collections.ArrayList
  foreach ($c in @(Get-RdVpnConnection)) {
    [void]$list.Add(@{ name = [string]$c.Name; serverAddress = [string]$c.ServerAddress; status = [string]$c.ConnectionStatus; splitTunneling = $c.SplitTunneling; tunnelType = [string]$c.TunnelType; allUsers = $false })
  }
  $all = @()
  try { $all = @(Get-RdVpnConnection -AllUsers) } catch { }
  foreach ($c in $all) {
    [void]$list.Add(@{ name = [string]$c.Name; serverAddress = [string]$c.ServerAddress; status = [string]$c.ConnectionStatus; splitTunneling = $c.SplitTunneling; tunnelType = [string]$c.TunnelType; allUsers = $true })
  }
  $result.connections = @($list)
} catch { if (-not (Test-RdNotFound $_)) { Add-RdError 'vpn-connections' $_ } }
Write-RdResult $result
