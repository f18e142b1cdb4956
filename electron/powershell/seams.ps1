# The seams: every Windows-only command the scripts use is called here and nowhere else, so the
# Pester tests (*.Tests.ps1) can put recorded Windows data in its place (Mock Get-RdX { ... }).
# Each seam returns what the command returns (the same objects) and lets its errors through, so the
# scripts' error handling meets the real error records on Windows and the recorded ones in tests.

# Registry: the key (Microsoft.Win32.RegistryKey), or $null when it does not exist.
function Get-RdRegistryKey([string]$Path) {
  try { return (Get-Item -LiteralPath $Path -ErrorAction Stop) }
  catch [System.Management.Automation.ItemNotFoundException] { return $null }
}
# Registry: the subkeys of a key; none when the key does not exist.
function Get-RdRegistrySubKeys([string]$Path) {
  try { return @(Get-ChildItem -LiteralPath $Path -ErrorAction Stop) }
  catch [System.Management.Automation.ItemNotFoundException] { return @() }
}
# WMI / CIM instances of one class.
function Get-RdCimInstance([string]$Namespace, [string]$ClassName, [string]$Filter) {
  $p = @{ ClassName = $ClassName; ErrorAction = 'Stop' }
  if ($Namespace) { $p['Namespace'] = $Namespace }
  if ($Filter) { $p['Filter'] = $Filter }
  return @(Get-CimInstance @p)
}
# Firewall (NetSecurity), always the active (effective) policy store.
function Get-RdFirewallProfile { return @(Get-NetFirewallProfile -PolicyStore ActiveStore -ErrorAction Stop) }
function Get-RdFirewallRule([string]$Direction, [string]$Action, [string]$Enabled) {
  $p = @{ PolicyStore = 'ActiveStore'; ErrorAction = 'Stop' }
  if ($Direction) { $p['Direction'] = $Direction }
  if ($Action) { $p['Action'] = $Action }
  if ($Enabled) { $p['Enabled'] = $Enabled }
  return @(Get-NetFirewallRule @p)
}
# Every filter of one kind in the active store (each carries its rule's InstanceID).
function Get-RdFirewallPortFilter { return @(Get-NetFirewallPortFilter -PolicyStore ActiveStore -All -ErrorAction Stop) }
function Get-RdFirewallApplicationFilter { return @(Get-NetFirewallApplicationFilter -PolicyStore ActiveStore -All -ErrorAction Stop) }
function Get-RdFirewallAddressFilter { return @(Get-NetFirewallAddressFilter -PolicyStore ActiveStore -All -ErrorAction Stop) }
# Network (NetConnection, NetAdapter, NetTCPIP, VpnClient).
function Get-RdConnectionProfile { return @(Get-NetConnectionProfile -ErrorAction Stop) }
function Get-RdNetAdapter([switch]$Physical) {
  if ($Physical) { return @(Get-NetAdapter -Physical -ErrorAction Stop) }
  return @(Get-NetAdapter -ErrorAction Stop)
}
function Get-RdAdapterPowerManagement([string]$Name) { return (Get-NetAdapterPowerManagement -Name $Name -ErrorAction Stop) }
# The default routes (IPv4 and IPv6); none when there is none.
function Get-RdDefaultRoute { return @(Get-NetRoute -DestinationPrefix '0.0.0.0/0', '::/0' -ErrorAction SilentlyContinue) }
function Get-RdVpnConnection([switch]$AllUsers) {
  if ($AllUsers) { return @(Get-VpnConnection -AllUserConnection -ErrorAction Stop) }
  return @(Get-VpnConnection -ErrorAction Stop)
}
# TCP listeners on one local port (NetTCPIP; "not found" when nothing listens) and a process by id.
function Get-RdTcpListener([int]$Port) { return @(Get-NetTCPConnection -State Listen -LocalPort $Port -ErrorAction Stop) }
function Get-RdProcess([int]$Id) { return (Get-Process -Id $Id -ErrorAction Stop) }
# Event log.
function Get-RdWinEvent([hashtable]$Filter, [int]$MaxEvents) { return @(Get-WinEvent -FilterHashtable $Filter -MaxEvents $MaxEvents -ErrorAction Stop) }
# Certificates of a LocalMachine store ('Remote Desktop', 'My'); one by thumbprint throws ItemNotFoundException when absent.
function Get-RdCertificates([string]$Store) { return @(Get-ChildItem -LiteralPath ('Cert:\LocalMachine\' + $Store) -ErrorAction Stop) }
function Get-RdCertificate([string]$Store, [string]$Thumbprint) { return (Get-Item -LiteralPath ('Cert:\LocalMachine\' + $Store + '\' + $Thumbprint) -ErrorAction Stop) }
# A certificate's private key, opened as Schannel opens it (RSA, else ECDSA): an RSACng / ECDsaCng
# (.Key.UniqueName) or an RSACryptoServiceProvider (.CspKeyContainerInfo.UniqueKeyContainerName);
# $null without a private key; throws (CryptographicException inside) when the key cannot be opened.
function Open-RdPrivateKey($Cert) {
  $k = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Cert)
  if ($null -eq $k) { $k = [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::GetECDsaPrivateKey($Cert) }
  return $k
}
# Files and their security descriptors.
function Get-RdChildFiles([string]$Path, [string]$Filter) { return @(Get-ChildItem -LiteralPath $Path -Filter $Filter -Force -ErrorAction Stop) }
function Get-RdAcl([string]$Path) { return (Get-Acl -LiteralPath $Path -ErrorAction Stop) }
# A service; $null when it is not installed.
function Get-RdService([string]$Name) { return (Get-Service -Name $Name -ErrorAction SilentlyContinue) }

# ---- changes: the fix scripts' Windows-only commands (mocked by testing/FakeMachine.psm1) ----------
# ProgramData (C:\ProgramData): MachineKeys and the undo folders live under it.
function Get-RdProgramData { return [Environment]::GetFolderPath('CommonApplicationData') }
# Registry values: write (with its registry type: DWord, Binary, String ...) and delete.
function Set-RdRegistryValue([string]$Path, [string]$Name, $Value, [string]$Type) { $null = New-ItemProperty -LiteralPath $Path -Name $Name -Value $Value -PropertyType $Type -Force -ErrorAction Stop }
function Remove-RdRegistryValue([string]$Path, [string]$Name) { Remove-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction Stop }
# A WMI / CIM method; returns its result object (ReturnValue).
function Invoke-RdCimMethod($InputObject, [string]$MethodName, [hashtable]$Arguments) { return (Invoke-CimMethod -InputObject $InputObject -MethodName $MethodName -Arguments $Arguments -ErrorAction Stop) }
# Firewall rules by name ($null when absent) and by group; changes to one rule.
function Get-RdFirewallRuleByName([string]$Name) { return (Get-NetFirewallRule -Name $Name -ErrorAction SilentlyContinue) }
function Get-RdFirewallRulesInGroup([string]$Group) { return @(Get-NetFirewallRule -Group $Group -ErrorAction Stop) }
function Set-RdFirewallRuleEnabled([string]$Name, [bool]$Enabled) {
  if ($Enabled) { Enable-NetFirewallRule -Name $Name -ErrorAction Stop } else { Disable-NetFirewallRule -Name $Name -ErrorAction Stop }
}
function Set-RdFirewallRuleProfile([string]$Name, [string[]]$Profiles) { Set-NetFirewallRule -Name $Name -Profile $Profiles -ErrorAction Stop }
function Add-RdFirewallRule([hashtable]$Rule) { $null = New-NetFirewallRule @Rule -ErrorAction Stop }
function Remove-RdFirewallRule([string]$Name) { Remove-NetFirewallRule -Name $Name -ErrorAction Stop }
# Certificates: delete one from a LocalMachine store, back it up (.cer, .pfx) and put a .pfx back.
function Remove-RdCertificate([string]$Store, [string]$Thumbprint) { Remove-Item -LiteralPath ('Cert:\LocalMachine\' + $Store + '\' + $Thumbprint) -ErrorAction Stop }
function Export-RdCertificate($Cert, [string]$Path) { $null = Export-Certificate -Cert $Cert -FilePath $Path -Type CERT -ErrorAction Stop }
function Export-RdPfx($Cert, [string]$Path, [securestring]$Password) { $null = Export-PfxCertificate -Cert $Cert -FilePath $Path -Password $Password -ErrorAction Stop }
function Import-RdPfx([string]$Path, [string]$Store, [securestring]$Password) { $null = Import-PfxCertificate -FilePath $Path -CertStoreLocation ('Cert:\LocalMachine\' + $Store) -Password $Password -ErrorAction Stop }
# Services.
function Start-RdService([string]$Name) { Start-Service -Name $Name -ErrorAction Stop }
function Stop-RdService([string]$Name) { Stop-Service -Name $Name -Force -ErrorAction Stop }
function Restart-RdService([string]$Name) { Restart-Service -Name $Name -Force -ErrorAction Stop }
function Set-RdServiceStartType([string]$Name, [string]$StartType) { Set-Service -Name $Name -StartupType $StartType -ErrorAction Stop }
# icacls.exe and takeown.exe: their exit code and output (they report errors there, not as exceptions).
function Invoke-RdIcacls([string[]]$Arguments) {
  $out = & icacls.exe @Arguments 2>&1
  return @{ exitCode = [int]$LASTEXITCODE; output = [string](@($out) -join "`n") }
}
function Invoke-RdTakeown([string[]]$Arguments) {
  $out = & takeown.exe @Arguments 2>&1
  return @{ exitCode = [int]$LASTEXITCODE; output = [string](@($out) -join "`n") }
}
# Files and folders (paths are Windows paths; ProgramData's).
function Test-RdPath([string]$Path) { return (Test-Path -LiteralPath $Path) }
function Get-RdItem([string]$Path) { return (Get-Item -LiteralPath $Path -Force -ErrorAction Stop) }
function New-RdDirectory([string]$Path) { $null = New-Item -ItemType Directory -Path $Path -ErrorAction Stop }
function Rename-RdItem([string]$Path, [string]$NewName) { Rename-Item -LiteralPath $Path -NewName $NewName -ErrorAction Stop }
function Remove-RdItem([string]$Path) { Remove-Item -LiteralPath $Path -Recurse -Force -ErrorAction Stop }
function Set-RdAcl([string]$Path, $AclObject) { Set-Acl -LiteralPath $Path -AclObject $AclObject -ErrorAction Stop }
function Write-RdTextFile([string]$Path, [string]$Text) { [System.IO.File]::WriteAllText($Path, $Text) }
function Read-RdTextFile([string]$Path) { return [System.IO.File]::ReadAllText($Path) }
# Waiting (Windows needs a moment to create a certificate after a service restart).
function Start-RdSleep([int]$Seconds) { Start-Sleep -Seconds $Seconds }
# Remote repair (PowerShell remoting): the credential dialog, the session options, the call itself,
# and this computer's WinRM client TrustedHosts list.
function Get-RdCredential([string]$Message) { return (Get-Credential -Message $Message) }
function New-RdSessionOption([bool]$SkipCertificateChecks) {
  if ($SkipCertificateChecks) { return (New-PSSessionOption -SkipCACheck -SkipCNCheck) }
  return (New-PSSessionOption)
}
function Invoke-RdRemote([hashtable]$Params, [scriptblock]$ScriptBlock) { return (Invoke-Command @Params -ScriptBlock $ScriptBlock) }
function Get-RdTrustedHosts { return [string](Get-Item -LiteralPath 'WSMan:\localhost\Client\TrustedHosts' -ErrorAction Stop).Value }
function Get-RdPSEdition { return [string]$PSVersionTable.PSEdition }
