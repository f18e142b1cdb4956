#!/usr/bin/env bash
# Installs the PowerShell tests' tools when they are missing: PowerShell (a .NET tool) and Pester (a
# NuGet package), at the versions in scripts/powershell-tools.json, into RDPDOCTOR_TOOLS (default
# $HOME/.cache/rdp-doctor-tools; scripts/powershellTools.mjs looks there):
#   DIR/pwsh/pwsh                                  dotnet tool install PowerShell --version V --tool-path DIR/pwsh
#   DIR/nuget/pester/V/tools/Pester.psd1           dotnet restore --packages DIR/nuget (a throwaway project)
# The version is always named: without it the tool takes PowerShell 7.7, which does not run on .NET 10.
# Each download is bounded (INSTALL_TIMEOUT seconds, default 300). Needs only the .NET SDK.
# --pester-only: Pester alone (the Windows workflow, whose runner has PowerShell 7 and 5.1 already).
set -euo pipefail
pester_only=0
[ "${1:-}" = "--pester-only" ] && pester_only=1
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${RDPDOCTOR_TOOLS:-$HOME/.cache/rdp-doctor-tools}"
limit="${INSTALL_TIMEOUT:-300}"
read -r ps_version pester_version < <(node -e 'const v = require(process.argv[1]); console.log(v.powershell, v.pester)' "$root/scripts/powershell-tools.json")

pwsh="$dir/pwsh/pwsh"
pester="$dir/nuget/pester/$pester_version/tools/Pester.psd1"
started=$SECONDS

if [ "$pester_only" -eq 1 ]; then
  echo "PowerShell: not installed here (--pester-only)"
elif [ -x "$pwsh" ] && "$pwsh" -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null | grep -qx "$ps_version"; then
  echo "PowerShell $ps_version: already in $dir/pwsh"
else
  command -v dotnet >/dev/null 2>&1 || { echo "install-powershell: the .NET SDK (dotnet) is needed to install PowerShell" >&2; exit 1; }
  echo "Installing PowerShell $ps_version into $dir/pwsh"
  rm -rf "$dir/pwsh"
  mkdir -p "$dir"
  timeout "$limit" dotnet tool install PowerShell --version "$ps_version" --tool-path "$dir/pwsh"
  "$pwsh" -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()'
fi

if [ -f "$pester" ]; then
  echo "Pester $pester_version: already in $dir/nuget"
else
  command -v dotnet >/dev/null 2>&1 || { echo "install-powershell: the .NET SDK (dotnet) is needed to install Pester" >&2; exit 1; }
  echo "Installing Pester $pester_version into $dir/nuget"
  project="$(mktemp -d)"
  trap 'rm -rf "$project"' EXIT
  cat >"$project/tools.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Pester" Version="[$pester_version]" />
  </ItemGroup>
</Project>
XML
  timeout "$limit" dotnet restore "$project/tools.csproj" --packages "$dir/nuget" --verbosity quiet
  [ -f "$pester" ] || { echo "install-powershell: Pester $pester_version did not arrive at $pester" >&2; exit 1; }
fi
echo "PowerShell tools ready in $dir ($((SECONDS - started)) s)"
