#!/usr/bin/env bash
# Engine benchmark: a no-op `repro run` of a 100-stage pipeline with a 1 GiB dep, everything cached, against the tool's
# own start-up (`repro --version`), both with the published (ReadyToRun) tool; DVC side by side when Debian has it.
# Usage: bench/engine/bench.sh RESULTS.md     (REPRO_BENCH_RUNS=N repetitions, default 7; medians are reported)
set -euo pipefail
out=${1:?usage: bench.sh RESULTS.md}
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${REPRO_BENCH_RUNS:-7}
work=$(mktemp -d /tmp/repro-bench-engine.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "publishing the tool (Release, ReadyToRun)..."
dotnet publish "$root/tool/Repro.Tool" -c Release -o "$work/tool" --nologo -v quiet > "$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
repro() { dotnet "$work/tool/dotnet-repro.dll" "$@"; }

project="$work/project"
mkdir -p "$project"
head -c $((1 << 30)) /dev/urandom > "$project/big.bin"
{
  echo "seed: 1"
  echo "stages:"
  for i in $(seq -w 0 99); do
    echo "  s$i:"
    echo "    run: sh -c 'mkdir -p out; echo $i > out/s$i.txt'"
    if [ "$i" = "00" ]; then echo "    deps: [big.bin]"; else echo "    deps: [big.bin, out/s$(printf %02d $((10#$i - 1))).txt]"; fi
    echo "    outs: [out/s$i.txt]"
  done
} > "$project/pipeline.yaml"

ms() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1 || { echo "FAILED: $*" >&2; "$@"; exit 1; }; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

cd "$project"
first=$(ms repro run)
echo "first run (100 stages executed, 1 GiB hashed): ${first} ms"
repro run > /dev/null # settle: the stat cache is trusted once files are older than its racy window
sleep 2
repro run > /dev/null
: > "$work/version.txt"; : > "$work/noop.txt"
# Alternate the two so that machine noise hits both alike.
for _ in $(seq "$runs"); do
  ms repro --version >> "$work/version.txt"
  ms repro run >> "$work/noop.txt"
done
version=$(median < "$work/version.txt")
noop=$(median < "$work/noop.txt")
status=$(ms repro status)
ratio=$(awk -v a="$noop" -v b="$version" 'BEGIN { printf "%.2f", a / b }')
check=$(repro run --json 2>/dev/null | grep -c '"status": "cached"' || true)

dvc_line="| DVC | not measured: \`apt-cache policy dvc\` finds no Debian package on this machine (DVC ships on PyPI only, which is not reachable here) | |"
if apt-cache policy dvc 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  dvc_line="| DVC | Debian has dvc but this script does not install packages; install it and extend the script | |"
fi

cat > "$out" <<MD
# Engine: no-op run of a 100-stage pipeline with a 1 GiB dep

Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr); $(dotnet --version) SDK; tool published
Release with ReadyToRun. Medians of $runs alternating runs. Every stage depends on the 1 GiB file and on the previous stage's out.

| what | median ms | note |
|---|---:|---|
| \`repro --version\` (tool start-up) | $version | |
| \`repro run\`, everything cached | $noop | ${ratio}x start-up (target: about 3x); $check of 100 stages reported cached |
| \`repro status\` | $status | one run |
| first \`repro run\` (100 stages executed, 1 GiB hashed) | $first | one run |
$dvc_line
MD
cat "$out"
