# A remote-support tool's listener took port 3389 on every address; Remote Desktop Services is not listening.
function Get-RdRegistryKey([string]$Path) { $null }
function Get-RdTcpListener([int]$Port) {
  [pscustomobject]@{ LocalAddress = '0.0.0.0'; LocalPort = $Port; State = 'Listen'; OwningProcess = 4412 }
  [pscustomobject]@{ LocalAddress = '::'; LocalPort = $Port; State = 'Listen'; OwningProcess = 4412 }
}
function Get-RdProcess([int]$Id) { [pscustomobject]@{ Id = $Id; ProcessName = 'FernwartungAgent' } }
function Get-RdCimInstance([string]$Namespace, [string]$ClassName, [string]$Filter) { [pscustomobject]@{ Name = 'FernwartungSvc'; ProcessId = 4412 } }
