# Windows Security Center lists Defender (off) and an active third-party suite with its own firewall.
function Get-RdCimInstance([string]$Namespace, [string]$ClassName, [string]$Filter) {
  if ($ClassName -eq 'AntiVirusProduct') {
    [pscustomobject]@{ displayName = 'Windows Defender'; productState = 393472; pathToSignedProductExe = 'windowsdefender://' }
    [pscustomobject]@{ displayName = 'Bitdefender Antivirus Plus'; productState = 266240; pathToSignedProductExe = 'C:\Program Files\Bitdefender\Bitdefender Security\wscfix.exe' }
  } elseif ($ClassName -eq 'FirewallProduct') {
    [pscustomobject]@{ displayName = 'Bitdefender Firewall'; productState = 266256; pathToSignedProductExe = 'C:\Program Files\Bitdefender\Bitdefender Security\wscfix.exe' }
  }
}
