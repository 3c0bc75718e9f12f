#!/usr/bin/env bash
# Search benchmarks: Repro's TPE (univariate and multivariate) against Optuna's TPE (its defaults, univariate, and
# multivariate=True), random search as the floor, on Branin, Hartmann-6 and a 10-D Rosenbrock; then the samplers'
# overhead per trial at 100, 500 and 1000 trials, Optuna's measured in the same run.
#   bench/search/bench.sh OUT.md        (Optuna: apt-get install -y python3-optuna; it runs with /usr/bin/python3)
# Environment: SEEDS (default 20), SEED_FROM (the first seed, default 0: a median over 20 seeds moves by 1.5x from one
#   set of seeds to the next, so check a result on other seeds before believing it), TRIALS (default 200), OVERHEAD_TRIALS (default 1000), PRUNING (default 1; see pruning.sh).
set -euo pipefail
out=$(realpath -m "${1:-artifacts/bench/search.md}")
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
seeds=${SEEDS:-20}
seed_from=${SEED_FROM:-0}
trials=${TRIALS:-200}
overhead_trials=${OVERHEAD_TRIALS:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/quality" "$work/overhead" "$(dirname "$out")"

dotnet build bench/search/Repro.Bench.Search -c Release -v quiet -nologo -o "$work/bin" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
bench="$work/bin/Repro.Bench.Search"

have_optuna=0
if /usr/bin/python3 -c "import optuna" 2> /dev/null; then have_optuna=1; else echo "optuna not found: apt-get install -y python3-optuna (its rows will be missing)"; fi

start=$(date +%s)
# Overhead first and alone, so the timings do not share the CPU with the quality runs.
"$bench" overhead "$overhead_trials" "$work/overhead/repro.json"
if [ $have_optuna = 1 ]; then /usr/bin/python3 "$here/optuna_bench.py" overhead "$overhead_trials" "$work/overhead/optuna.json"; fi
echo "overhead: $(( $(date +%s) - start )) s"
# Quality: Optuna in the background while Repro runs.
if [ $have_optuna = 1 ]; then /usr/bin/python3 "$here/optuna_bench.py" quality "$trials" "$seeds" "$work/quality/optuna.json" "$seed_from" & fi
"$bench" quality "$trials" "$seeds" "$work/quality/repro.json" "$seed_from"
wait
echo "total: $(( $(date +%s) - start )) s"
/usr/bin/python3 "$here/report.py" "$work/quality" "$work/overhead" "$seeds" "$trials" "$overhead_trials" "$out" "$seed_from"
# The pruning saving on a real (small) Fashion-MNIST search: minutes of training; PRUNING=0 skips it.
if [ "${PRUNING:-1}" != 0 ]; then "$here/pruning.sh" "$out"; fi
