# What listens on the Remote Desktop port (the listener's PortNumber), with its process and the
# services that process hosts (TermService runs inside an svchost.exe).
$port = 3389
try { $p = Get-RegValue (Get-RdListenerKey) 'PortNumber'; if ($null -ne $p) { $port = [int]$p } } catch { Add-RdError 'listener' $_ }
$list = New-Object System.Collections.ArrayList
try {
  $conns = @()
  try { $conns = @(Get-RdTcpListener $port) } catch { if (-not (Test-RdNotFound $_)) { throw } }
  foreach ($c in $conns) {
    $procId = [int]$c.OwningProcess
    $name = $null; $services = @()
    try { $pr = Get-RdProcess $procId; if ($pr) { $name = [string]$pr.ProcessName } } catch { Add-RdError ('process:' + $procId) $_ }
    try { $services = @(Get-RdCimInstance -ClassName 'Win32_Service' -Filter ('ProcessId=' + $procId) | ForEach-Object { [string]$_.Name }) } catch { Add-RdError ('services:' + $procId) $_ }
    [void]$list.Add(@{ localAddress = [string]$c.LocalAddress; localPort = [int]$c.LocalPort; processId = $procId; processName = $name; services = @($services) })
  }
} catch { Add-RdError 'listeners' $_ }
Write-RdResult @{ listenerPort = $port; listeners = @($list) }
