# The Windows PowerShell 5.1 rule set: walks a script's syntax tree (PowerShell's own parser) and
# reports what 5.1 lacks, what .NET Framework or .NET lacks, and every command that is neither one of
# our functions, nor shipped with Windows PowerShell 5.1 on Windows 10/11 and Server 2016+ (module
# named), nor a listed Windows executable. Runs in PowerShell 7 (the rules that name 7-only syntax) and
# in 5.1 (where that syntax is already a parse error). Compat51.Tests.ps1 proves each rule and holds
# every script under electron/powershell to it.
Set-StrictMode -Off

# ---- commands ----------------------------------------------------------------------------------
# What Windows PowerShell 5.1 ships and PowerShell 7 still has, by module. Left out on purpose:
# Invoke-Expression (user input travels as data, never as code), and the 5.1 commands PowerShell 7
# dropped (Get-WmiObject, Get-EventLog, ConvertFrom-String, Out-GridView): the tests run in 7.
$script:Modules = [ordered]@{
  'Microsoft.PowerShell.Core'        = 'ForEach-Object Where-Object Invoke-Command Import-Module Get-Command Get-Module Out-Null Out-Default Out-Host Set-StrictMode Start-Job Wait-Job Receive-Job Remove-Job Stop-Job Get-Job New-PSSession Remove-PSSession Enter-PSSession Exit-PSSession New-PSSessionOption Export-ModuleMember Get-Help'
  'Microsoft.PowerShell.Management'  = 'Add-Content Clear-Content Copy-Item Get-ChildItem Get-Content Get-Item Get-ItemProperty Get-ItemPropertyValue Get-Location Get-Process Get-PSDrive Get-Service Join-Path Move-Item New-Item New-ItemProperty Pop-Location Push-Location Remove-Item Remove-ItemProperty Rename-Item Resolve-Path Restart-Service Set-Content Set-Item Set-ItemProperty Set-Location Set-Service Split-Path Start-Process Start-Service Stop-Process Stop-Service Test-Connection Test-Path Wait-Process Get-ComputerInfo Get-HotFix Get-TimeZone Convert-Path'
  'Microsoft.PowerShell.Utility'     = 'Add-Member Add-Type Compare-Object ConvertFrom-Csv ConvertFrom-Json ConvertFrom-StringData ConvertTo-Csv ConvertTo-Json ConvertTo-Xml Export-Clixml Export-Csv Format-List Format-Table Get-Date Get-FileHash Get-Host Get-Member Get-Random Get-TypeData Get-Variable Group-Object Import-Clixml Import-Csv Invoke-RestMethod Invoke-WebRequest Measure-Object New-Guid New-Object New-TimeSpan New-Variable Out-File Out-String Remove-TypeData Remove-Variable Select-Object Select-String Select-Xml Set-Variable Sort-Object Start-Sleep Tee-Object Update-TypeData Write-Debug Write-Error Write-Host Write-Information Write-Output Write-Progress Write-Verbose Write-Warning Get-Culture Get-UICulture Measure-Command Unblock-File Get-Unique'
  'Microsoft.PowerShell.Security'    = 'ConvertFrom-SecureString ConvertTo-SecureString Get-Acl Set-Acl Get-AuthenticodeSignature Get-Credential Get-ExecutionPolicy Get-PfxCertificate'
  'Microsoft.PowerShell.Diagnostics' = 'Get-WinEvent Get-Counter'
  'CimCmdlets'                       = 'Get-CimInstance Invoke-CimMethod Set-CimInstance New-CimInstance Remove-CimInstance Get-CimClass New-CimSession Remove-CimSession Get-CimAssociatedInstance New-CimSessionOption'
  'NetSecurity'                      = 'Get-NetFirewallRule Set-NetFirewallRule New-NetFirewallRule Remove-NetFirewallRule Enable-NetFirewallRule Disable-NetFirewallRule Get-NetFirewallProfile Get-NetFirewallAddressFilter Get-NetFirewallApplicationFilter Get-NetFirewallPortFilter Get-NetFirewallServiceFilter Get-NetFirewallSetting'
  'NetTCPIP'                         = 'Get-NetRoute Get-NetIPAddress Get-NetIPConfiguration Get-NetIPInterface Get-NetTCPConnection Find-NetRoute Test-NetConnection'
  'NetAdapter'                       = 'Get-NetAdapter Get-NetAdapterPowerManagement Get-NetAdapterAdvancedProperty Get-NetAdapterBinding'
  'NetConnection'                    = 'Get-NetConnectionProfile'
  'VpnClient'                        = 'Get-VpnConnection'
  'DnsClient'                        = 'Resolve-DnsName Get-DnsClientServerAddress'
  'PKI'                              = 'Export-Certificate Export-PfxCertificate Import-Certificate Import-PfxCertificate New-SelfSignedCertificate Test-Certificate'
  'Microsoft.PowerShell.LocalAccounts' = 'Get-LocalGroupMember Get-LocalGroup'
}
$script:Shipped = @{}
foreach ($m in $script:Modules.Keys) { foreach ($c in ($script:Modules[$m] -split ' ')) { $script:Shipped[$c] = $m } }

# Windows executables a script may call, always with .exe (a bare name could find a function or alias).
$script:Executables = @('icacls.exe', 'takeown.exe', 'certutil.exe', 'netsh.exe', 'reg.exe', 'sc.exe', 'whoami.exe',
  'qwinsta.exe', 'quser.exe', 'wevtutil.exe', 'nltest.exe', 'w32tm.exe', 'klist.exe', 'ipconfig.exe', 'route.exe',
  'netstat.exe', 'powershell.exe', 'cmdkey.exe', 'gpresult.exe', 'auditpol.exe')

# Parameters PowerShell 6+ added to commands 5.1 has; Keep51 lists 5.1's own parameters a short
# prefix could mean. A parameter matches by its full name or an unambiguous prefix (2+ letters).
$script:NewParameters = @{
  'ForEach-Object'   = @{ New = @('Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace'); Keep51 = @() }
  'ConvertTo-Json'   = @{ New = @('AsArray', 'EnumsAsStrings', 'EscapeHandling'); Keep51 = @() }
  'ConvertFrom-Json' = @{ New = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind'); Keep51 = @() }
  'Get-Content'      = @{ New = @('AsByteStream'); Keep51 = @() }
  'Set-Content'      = @{ New = @('AsByteStream'); Keep51 = @() }
  'Add-Content'      = @{ New = @('AsByteStream'); Keep51 = @() }
  'Test-Connection'  = @{ New = @('TargetName', 'TcpPort', 'Ping', 'Traceroute', 'MtuSize', 'Repeat', 'IPv4', 'IPv6', 'ResolveDestination', 'TimeoutSeconds'); Keep51 = @('TimeToLive', 'ThrottleLimit') }
  'Invoke-WebRequest' = @{ New = @('SkipCertificateCheck', 'Authentication', 'SslProtocol', 'SkipHttpErrorCheck', 'Resume', 'MaximumRetryCount'); Keep51 = @() }
  'Invoke-RestMethod' = @{ New = @('SkipCertificateCheck', 'Authentication', 'SslProtocol', 'SkipHttpErrorCheck', 'Resume', 'MaximumRetryCount', 'StatusCodeVariable'); Keep51 = @() }
  'Get-Date'         = @{ New = @('AsUTC', 'UnixTimeSeconds'); Keep51 = @() }
  'Join-Path'        = @{ New = @('AdditionalChildPath', 'Extension'); Keep51 = @() }
  'Split-Path'       = @{ New = @('LeafBase', 'Extension'); Keep51 = @('Leaf') }
  'Import-Module'    = @{ New = @('UseWindowsPowerShell', 'SkipEditionCheck'); Keep51 = @() }
  'Select-String'    = @{ New = @('Raw', 'NoEmphasis'); Keep51 = @() }
}
$script:Aliases = @{ '%' = 'ForEach-Object'; 'foreach' = 'ForEach-Object' }

# ---- .NET --------------------------------------------------------------------------------------
# Static members (Type::Member, 'System.' left off) that .NET Framework 4.6.2 (Server 2016, where 5.1
# runs) or .NET (PowerShell 7) lacks, with what to use instead.
$script:DeniedMembers = @{
  'IO.Directory::SetAccessControl' = '.NET Framework only, gone in .NET (PowerShell 7): use Set-Acl'
  'IO.Directory::GetAccessControl' = '.NET Framework only, gone in .NET (PowerShell 7): use Get-Acl'
  'IO.File::SetAccessControl'      = '.NET Framework only, gone in .NET (PowerShell 7): use Set-Acl'
  'IO.File::GetAccessControl'      = '.NET Framework only, gone in .NET (PowerShell 7): use Get-Acl'
  'IO.Path::GetRelativePath'       = '.NET Core 2.0+, not in .NET Framework'
  'IO.Path::Join'                  = '.NET Core 3.0+, not in .NET Framework: use Join-Path or [IO.Path]::Combine'
  'IO.Path::TrimEndingDirectorySeparator' = '.NET Core 3.0+, not in .NET Framework'
  'IO.Path::Exists'                = '.NET 7+, not in .NET Framework: use Test-Path'
  'IO.File::ReadAllTextAsync'      = '.NET Core 2.0+, not in .NET Framework'
  'IO.File::WriteAllTextAsync'     = '.NET Core 2.0+, not in .NET Framework'
  'Convert::ToHexString'           = '.NET 5+, not in .NET Framework'
  'Convert::FromHexString'         = '.NET 5+, not in .NET Framework'
  'Security.Cryptography.SHA256::HashData' = '.NET 5+, not in .NET Framework: use SHA256::Create().ComputeHash'
  'Security.Cryptography.SHA1::HashData'   = '.NET 5+, not in .NET Framework'
  'Security.Cryptography.RandomNumberGenerator::GetInt32' = '.NET Core 3.0+, not in .NET Framework'
  'Security.Cryptography.RandomNumberGenerator::Fill'     = '.NET Core 2.1+, not in .NET Framework'
  'Security.Cryptography.X509Certificates.X509Certificate2::CreateFromPem' = '.NET 5+, not in .NET Framework'
  'Environment::ProcessId'         = '.NET 5+, not in .NET Framework: use $PID'
  'Environment::ProcessPath'       = '.NET 6+, not in .NET Framework'
  'OperatingSystem::IsWindows'     = '.NET 5+, not in .NET Framework'
  'Math::Clamp'                    = '.NET Core 2.0+, not in .NET Framework'
  'Text.Encoding::Latin1'          = '.NET 5+, not in .NET Framework'
}
# Instance methods that files and directories lost in .NET (extension methods PowerShell cannot call).
$script:DeniedInstanceMembers = @{
  'GetAccessControl' = 'FileInfo/DirectoryInfo lost it in .NET (PowerShell 7): use Get-Acl'
  'SetAccessControl' = 'FileInfo/DirectoryInfo lost it in .NET (PowerShell 7): use Set-Acl'
}
# Types .NET Framework 4.6.2 does not have (or 5.1 does not load), in any use.
$script:DeniedTypes = @{
  'Text.Json.JsonSerializer' = 'System.Text.Json is not in .NET Framework: use ConvertTo-Json / ConvertFrom-Json'
  'Text.Json.JsonDocument'   = 'System.Text.Json is not in .NET Framework: use ConvertFrom-Json'
  'Management.Automation.SemanticVersion' = 'PowerShell 6+'
  'semver'                   = 'PowerShell 6+'
  'Range'                    = '.NET Core 3.0+'
  'Index'                    = '.NET Core 3.0+'
  'HashCode'                 = '.NET Core 2.1+'
  'MathF'                    = '.NET Core 2.0+'
  'DateOnly'                 = '.NET 6+'
  'TimeOnly'                 = '.NET 6+'
  'Net.Http.HttpClient'      = 'not loaded in Windows PowerShell 5.1 without Add-Type: use Invoke-WebRequest'
}
# Types newer than .NET Framework 4.6.2: fine in the tests (the Windows runner has 4.8), not in what
# we run on a user's machine.
$script:NewerFrameworkTypes = @{
  'Security.Cryptography.X509Certificates.CertificateRequest' = '.NET Framework 4.7.2+ (Server 2016 ships 4.6.2): use New-SelfSignedCertificate'
  'Runtime.InteropServices.RuntimeInformation' = '.NET Framework 4.7.1+ (Server 2016 ships 4.6.2)'
}
# Automatic variables PowerShell 6+ added: $null in 5.1, silently.
$script:NewVariables = @('IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR', 'PSStyle', 'PSNativeCommandUseErrorActionPreference', 'PSNativeCommandArgumentPassing')

function Get-RdShortTypeName([string]$Name) {
  $n = $Name.Trim('[', ']')
  if ($n -like 'System.*') { $n = $n.Substring(7) }
  return $n
}

function Get-RdCompatCommandModule([string]$Name) {
  if ($script:Shipped.ContainsKey($Name)) { return $script:Shipped[$Name] }
  return $null
}

function Test-RdParameterMatch([string]$Given, [string[]]$Names, [string[]]$Keep) {
  foreach ($k in $Keep) { if ($k.StartsWith($Given, [StringComparison]::OrdinalIgnoreCase)) { return $null } }
  foreach ($n in $Names) {
    if ($n -eq $Given) { return $n }
    if ($Given.Length -ge 2 -and $n.StartsWith($Given, [StringComparison]::OrdinalIgnoreCase)) { return $n }
  }
  return $null
}

# The names of every function the given files define.
function Get-RdDefinedFunctions([string[]]$Path) {
  $names = New-Object 'System.Collections.Generic.HashSet[string]' ([StringComparer]::OrdinalIgnoreCase)
  foreach ($p in $Path) {
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($p, [ref]$tokens, [ref]$errors)
    foreach ($f in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true)) { $null = $names.Add($f.Name) }
  }
  return , $names
}

# PowerShell's own parse errors for a file: @{ line; message }.
function Get-RdParseError([string]$Path) {
  $tokens = $null; $errors = $null
  $null = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
  return @($errors | ForEach-Object { [pscustomobject]@{ line = $_.Extent.StartLineNumber; message = $_.Message } })
}

# The rule violations in a script's text: @{ rule; line; text; message }. With -Functions (the names of
# our own functions), every command must be one of them, shipped with 5.1, or a listed executable.
# -TestCode (the Pester tests and their helpers, which run on the Windows runner's .NET 4.8 and may
# test $IsLinux knowing it is $null in 5.1): no command rule, no new-variable rule, no 4.7+ types.
function Test-RdCompat51 {
  param([Parameter(Mandatory = $true)][string]$Text, $Functions = $null, [switch]$TestCode)
  if ($TestCode) { $Functions = $null }
  $types = $script:DeniedTypes.Clone()
  if (-not $TestCode) { foreach ($k in $script:NewerFrameworkTypes.Keys) { $types[$k] = $script:NewerFrameworkTypes[$k] } }
  $tokens = $null; $errors = $null
  $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
  $found = New-Object System.Collections.ArrayList
  $add = {
    param($rule, $node, $message)
    $null = $found.Add([pscustomobject]@{ rule = $rule; line = $node.Extent.StartLineNumber; text = $node.Extent.Text; message = $message })
  }
  foreach ($e in @($errors)) { $null = $found.Add([pscustomobject]@{ rule = 'parse'; line = $e.Extent.StartLineNumber; text = $e.Extent.Text; message = $e.Message }) }
  foreach ($node in $ast.FindAll({ $true }, $true)) {
    $kind = $node.GetType().Name
    switch ($kind) {
      'TernaryExpressionAst' { & $add 'ternary' $node 'the ?: operator is PowerShell 7+: use if / else' }
      'PipelineChainAst' { & $add 'pipeline-chain' $node '&& and || between pipelines are PowerShell 7+: use if ($?)' }
      'BinaryExpressionAst' { if ([string]$node.Operator -eq 'QuestionQuestion') { & $add 'null-coalescing' $node 'the ?? operator is PowerShell 7+: use if ($null -eq ...)' } }
      'AssignmentStatementAst' { if ([string]$node.Operator -eq 'QuestionQuestionEquals') { & $add 'null-coalescing-assignment' $node 'the ??= operator is PowerShell 7+' } }
      'MemberExpressionAst' { if ($node.NullConditional) { & $add 'null-conditional' $node '?. is PowerShell 7+' } }
      'InvokeMemberExpressionAst' { if ($node.NullConditional) { & $add 'null-conditional' $node '?. is PowerShell 7+' } }
      'IndexExpressionAst' { if ($node.NullConditional) { & $add 'null-conditional' $node '?[] is PowerShell 7+' } }
      'ScriptBlockAst' { if ($null -ne $node.CleanBlock) { & $add 'clean-block' $node.CleanBlock 'the clean block is PowerShell 7.3+' } }
      'PipelineAst' { if ($node.Background) { & $add 'background-operator' $node 'a trailing & (background job) is PowerShell 6+: use Start-Job' } }
      'VariableExpressionAst' {
        $v = $node.VariablePath.UserPath
        if (-not $TestCode -and $script:NewVariables -contains $v) { & $add 'new-variable' $node ('$' + $v + ' is PowerShell 6+ (in 5.1 it is $null)') }
      }
      { $_ -eq 'StringConstantExpressionAst' -or $_ -eq 'ExpandableStringExpressionAst' } {
        if ([string]$node.StringConstantType -match '^DoubleQuoted' -and $node.Extent.Text -match '(?<!`)(``)*`u\{') { & $add 'unicode-escape' $node '`u{...} is PowerShell 6+ (5.1 prints it as written): use [char]0x....' }
      }
      'TypeExpressionAst' { Test-RdTypeUse $node $types $add }
      'TypeConstraintAst' { Test-RdTypeUse $node $types $add }
      'CommandAst' { Test-RdCommand $node $Functions $types $add }
    }
    if ($node -is [System.Management.Automation.Language.MemberExpressionAst] -and $node.Member -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
      $member = $node.Member.Value
      if ($node.Static -and $node.Expression -is [System.Management.Automation.Language.TypeExpressionAst]) {
        $key = (Get-RdShortTypeName $node.Expression.TypeName.FullName) + '::' + $member
        foreach ($k in $script:DeniedMembers.Keys) { if ($k -eq $key) { & $add 'dotnet-member' $node ('[' + $k + '] ' + $script:DeniedMembers[$k]) } }
      }
      elseif (-not $node.Static -and $node -is [System.Management.Automation.Language.InvokeMemberExpressionAst] -and $script:DeniedInstanceMembers.ContainsKey($member)) {
        & $add 'dotnet-member' $node ('.' + $member + '(): ' + $script:DeniedInstanceMembers[$member])
      }
    }
  }
  return @($found)
}

function Test-RdTypeUse($node, $types, $add) {
  $name = Get-RdShortTypeName $node.TypeName.FullName
  if ($types.ContainsKey($name)) { & $add 'dotnet-type' $node ('[' + $name + '] ' + $types[$name]) }
}

function Test-RdCommand($node, $Functions, $types, $add) {
  $name = $node.GetCommandName()
  if (-not $name) { return }
  $canonical = $name
  if ($script:Aliases.ContainsKey($name)) { $canonical = $script:Aliases[$name] }
  if ($script:NewParameters.ContainsKey($canonical)) {
    $entry = $script:NewParameters[$canonical]
    foreach ($p in $node.CommandElements) {
      if ($p -isnot [System.Management.Automation.Language.CommandParameterAst]) { continue }
      $hit = Test-RdParameterMatch $p.ParameterName $entry.New $entry.Keep51
      if ($hit) { & $add 'new-parameter' $p ($canonical + ' -' + $hit + ' is PowerShell 6+') }
    }
  }
  if ($canonical -eq 'New-Object') {
    foreach ($e in @($node.CommandElements | Select-Object -Skip 1)) {
      if ($e -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
        $t = Get-RdShortTypeName $e.Value
        if ($types.ContainsKey($t)) { & $add 'dotnet-type' $e ('[' + $t + '] ' + $types[$t]) }
      }
    }
  }
  if ($null -eq $Functions) { return }
  if ($Functions.Contains($name)) { return }
  if (Get-RdCompatCommandModule $name) { return }
  if ($script:Executables -contains $name) { return }
  & $add 'command' $node ($name + ' is not one of our functions, not shipped with Windows PowerShell 5.1 (see Compat51.psm1 for the modules), and not a listed Windows executable')
}

# The allowlist: command name -> module (for the Windows test that each is really there).
function Get-RdCompat51Command { return $script:Shipped.Clone() }

Export-ModuleMember -Function Test-RdCompat51, Get-RdParseError, Get-RdDefinedFunctions, Get-RdCompatCommandModule, Get-RdCompat51Command
