#!/usr/bin/env bash
# Installs the real PowerShell at tools/pwsh/pwsh from NuGet: the .NET global tool `PowerShell`, pinned at 7.6.9
# (a later 7.7 may need .NET 11). Runbooks keep to PowerShell 7.4 features, the Azure Automation runtime; the tests
# parse and run every generated runbook with it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="7.6.9"
if [ -x "$root/tools/pwsh/pwsh" ] && "$root/tools/pwsh/pwsh" -NoLogo -NoProfile -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null | grep -qx "$version"; then
  echo "PowerShell $version already at tools/pwsh"
  exit 0
fi
rm -rf "$root/tools/pwsh"
mkdir -p "$root/tools"
dotnet tool install PowerShell --version "$version" --tool-path "$root/tools/pwsh" > /dev/null
"$root/tools/pwsh/pwsh" -NoLogo -NoProfile -Command '"PowerShell " + $PSVersionTable.PSVersion.ToString()'
