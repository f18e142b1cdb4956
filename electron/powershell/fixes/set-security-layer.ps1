$g = Get-RdTsSetting
if (-not $g) { throw 'RDPDOCTOR-NOT-FOUND: the RDP-Tcp listener is not in WMI.' }
$value = [int]$in.securityLayer
if ($value -lt 0 -or $value -gt 2) { throw 'RDPDOCTOR: invalid security layer.' }
$before = [int]$g.SecurityLayer
$r = Invoke-RdCimMethod $g 'SetSecurityLayer' @{ SecurityLayer = [uint32]$value }
if ($r.ReturnValue -ne 0) { throw ('SetSecurityLayer returned ' + $r.ReturnValue) }
Write-RdResult @{ before = $before; after = $value }
