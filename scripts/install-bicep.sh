#!/usr/bin/env bash
# Installs the real Bicep CLI at tools/bicep from the NuGet package Azure.Bicep.CommandLine.linux-x64,
# using the dotnet SDK's restore (PackageDownload) so that no binary is fetched from anywhere but NuGet.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(grep -o 'Version="\[[0-9.]*\]"' "$root/scripts/bicep-cli/bicep-cli.csproj" | grep -o '[0-9][0-9.]*')"
if [ -x "$root/tools/bicep" ] && "$root/tools/bicep" --version 2>/dev/null | grep -q "$version"; then
  echo "Bicep CLI $version already at tools/bicep"
  exit 0
fi
packages="$root/tools/nuget"
dotnet restore "$root/scripts/bicep-cli/bicep-cli.csproj" --packages "$packages" --verbosity quiet
mkdir -p "$root/tools"
cp "$packages/azure.bicep.commandline.linux-x64/$version/tools/bicep" "$root/tools/bicep"
chmod +x "$root/tools/bicep"
rm -rf "$root/scripts/bicep-cli/obj"
"$root/tools/bicep" --version
