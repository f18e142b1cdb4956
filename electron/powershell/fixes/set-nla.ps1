$g = Get-RdTsSetting
if (-not $g) { throw 'RDPDOCTOR-NOT-FOUND: the RDP-Tcp listener is not in WMI.' }
$before = [int]$g.UserAuthenticationRequired
$value = 0
if ($in.required -eq $true) { $value = 1 }
$r = Invoke-RdCimMethod $g 'SetUserAuthenticationRequired' @{ UserAuthenticationRequired = [uint32]$value }
if ($r.ReturnValue -ne 0) { throw ('SetUserAuthenticationRequired returned ' + $r.ReturnValue) }
Write-RdResult @{ before = $before; after = $value }
