#!/usr/bin/env bash
# The one entry point for laptops and CI: restores the local tools (Cake) and forwards every argument to build.cake.
#   ./build.sh --target=Test      ./build.sh --target=Demo      ./build.sh --target=Bench
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
