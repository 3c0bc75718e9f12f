#!/usr/bin/env bash
# The Demo target's script: uses the installed `dotnet repro` the way a new user would.
# Usage: examples/demo.sh WORKDIR
set -euo pipefail
work=${1:?usage: demo.sh WORKDIR}
examples=$(cd "$(dirname "$0")" && pwd)
export PATH="$PATH:$HOME/.dotnet/tools"
mkdir -p "$work"
cd "$work"
echo "== dotnet repro doctor"
dotnet repro doctor

# A pipeline of run: stages (sh and awk only): generate data, train, evaluate, summarize.
rm -rf hello && cp -r "$examples/hello" hello && cd hello
echo "== dotnet repro dag"
dotnet repro dag
echo "== dotnet repro run            (first run: every stage executes)"
dotnet repro run --name baseline
echo "== dotnet repro run            (nothing changed: everything is cached, nothing runs)"
dotnet repro run
echo "== dotnet repro status         (after editing params.yaml: exactly what changed)"
sed -i 's/scale: 2.5/scale: 3/' params.yaml
dotnet repro status
sed -i 's/scale: 3/scale: 2.5/' params.yaml
echo "== dotnet repro run --set train.scale=3   (only train and evaluate run again)"
dotnet repro run --set train.scale=3 --name scale-3
echo "== dotnet repro run            (back to train.scale=2.5: restored from the cache, nothing runs)"
dotnet repro run
echo "== dotnet repro status"
dotnet repro status
cd ..
