#!/usr/bin/env bash
# The Demo target's script: uses the installed `dotnet repro` the way a new user would.
# Usage: examples/demo.sh WORKDIR
set -euo pipefail
work=${1:?usage: demo.sh WORKDIR}
export PATH="$PATH:$HOME/.dotnet/tools"
mkdir -p "$work"
cd "$work"
echo "== dotnet repro doctor"
dotnet repro doctor
