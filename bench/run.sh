#!/usr/bin/env bash
# Runs every benchmark suite (bench/<suite>/bench.sh), each measuring Repro and its peer side by side.
# Results go to artifacts/bench/<suite>.md; a suite that fails makes the whole run fail.
#   bench/run.sh            every suite
#   bench/run.sh hashing    one suite
set -uo pipefail
cd "$(dirname "$0")/.."
out=artifacts/bench
mkdir -p "$out"
status=0
for script in bench/*/bench.sh; do
  suite=$(basename "$(dirname "$script")")
  if [ $# -gt 0 ] && [[ " $* " != *" $suite "* ]]; then continue; fi
  echo "== bench: $suite"
  if ! bash "$script" "$out/$suite.md"; then
    echo "bench $suite FAILED"
    status=1
  fi
done
exit $status
