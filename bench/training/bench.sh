#!/usr/bin/env bash
# Training throughput: Repro's built-in `train` step vs a hand-written TorchSharp loop vs PyTorch (Debian python3-torch,
# the shared reference script), on the CNN of TORCHSHARP-NOTES.md and Fashion-MNIST, alternating runs, medians.
#   bench/training/bench.sh OUT.md       env: LIMIT training images (default 20000), ROUNDS (3), EPOCHS (1), THREADS (2)
# Needs: apt-get install dataset-fashion-mnist python3-torch (PyTorch is skipped, and said so, when it is missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-/dev/stdout}
limit=${LIMIT:-20000}
rounds=${ROUNDS:-3}
epochs=${EPOCHS:-1}
threads=${THREADS:-2}
reference=/work/shared/reference/pytorch_fmnist_reference.py
[ -f "$reference" ] || reference=$(dirname "$0")/../../shared/reference/pytorch_fmnist_reference.py

dotnet build bench/training/TrainingBench -c Release -v q -nologo >/dev/null
bench=bench/training/TrainingBench/bin/Release/net10.0/linux-x64/TrainingBench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Both .NET runs and PyTorch get the malloc tunables of TORCHSHARP-NOTES.md (fewer page faults per batch).
export GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296

# PyTorch with OpenBLAS (one BLAS thread; torch's own threads do the parallel work), as in the notes; else stock BLAS.
pyenv=()
blas="reference BLAS"
if (cd "$work" && apt-get download libopenblas0-pthread >/dev/null 2>&1 && dpkg-deb -x libopenblas0-pthread_*.deb ob); then
  pyenv=(env LD_LIBRARY_PATH="$work/ob/usr/lib/x86_64-linux-gnu/openblas-pthread" OPENBLAS_NUM_THREADS=1)
  blas="OpenBLAS, 1 BLAS thread"
fi
have_torch=0
/usr/bin/python3 -c 'import torch' 2>/dev/null && [ -f "$reference" ] && have_torch=1

rate() { grep -oE '[0-9]+ samples/s' | tail -1 | grep -oE '^[0-9]+'; }
declare -a hand builtin pytorch
for ((r = 1; r <= rounds; r++)); do
  hand+=("$("$bench" hand "$epochs" "$threads" "$limit" | tee -a "$work/log" | rate)")
  rm -rf "$work/run" && mkdir -p "$work/run"
  builtin+=("$("$bench" builtin "$epochs" "$threads" "$limit" "$work/run" 2>&1 | tee -a "$work/log" | grep 'samples/s:' | grep -oE '[0-9]+$')")
  if [ $have_torch = 1 ]; then
    pytorch+=("$("${pyenv[@]}" /usr/bin/python3 bench/training/pytorch_subset.py "$reference" "$epochs" "$threads" "$limit" "$work/pt.pt" | tee -a "$work/log" | rate)")
  fi
  echo "round $r: hand ${hand[-1]}, builtin ${builtin[-1]}, pytorch ${pytorch[-1]:-n/a} samples/s" >&2
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mh=$(median "${hand[@]}"); mb=$(median "${builtin[@]}")
mp=$([ $have_torch = 1 ] && median "${pytorch[@]}" || echo "")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
{
  echo "# Training throughput (CNN on Fashion-MNIST)"
  echo
  echo "CNN conv32-BN-pool, conv64-BN-pool, dropout 0.25, fc128, fc10; SGD lr 0.05 momentum 0.9 wd 5e-4, per-batch cosine;"
  echo "batch 128; $threads threads; $epochs epoch(s) on the first $limit training images; $rounds alternating rounds; medians."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "GLIBC_TUNABLES=$GLIBC_TUNABLES for every run."
  echo
  echo "| loop | samples/s (median) | runs | ratio |"
  echo "|---|---|---|---|"
  echo "| hand-written TorchSharp loop | $mh | ${hand[*]} | 1.00 |"
  echo "| Repro \`train\` step | $mb | ${builtin[*]} | $(ratio "$mb" "$mh") of hand-written |"
  if [ $have_torch = 1 ]; then
    echo "| PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') ($blas) | $mp | ${pytorch[*]} | Repro / PyTorch = $(ratio "$mb" "$mp") |"
  else
    echo "| PyTorch | not measured: python3-torch or the reference script is missing | | |"
  fi
  echo
  echo "Targets: Repro ≥ 0.95 × hand-written, Repro ≥ PyTorch."
  echo
  echo "Peak RSS: $(grep -m1 -A0 'peak' "$work/log" | head -1 | xargs) (first hand-written run); $(grep 'peak' "$work/log" | sed -n 2p | xargs) (first Repro run)."
} > "$out"
cat "$out"
