#!/usr/bin/env bash
# Studies suite (issue #7): reading a 10,000-trial study back. Repro.Bench.Studies writes a real project whose search
# stage `tune` has run 10,000 trials (random sampler, median pruner, 10 simulated epochs each), recorded in
# .repro/repro.db as the engine records a search; optuna_study.py puts the same trials (states, values, intermediate
# values) in Optuna's SQLite RDB storage. Then each read runs in 5 fresh processes (median wall and CPU time):
# `dotnet repro exp list`, `exp list --study tune` (table and --json), `search show tune`, against Optuna's
# get_all_study_summaries, load_study + trials_dataframe (optuna#763: minutes), and load_study + best_trial + top 10 +
# history + get_param_importances (fANOVA). `dotnet-repro --version` and `python3 -c 'import optuna'` are the process
# floors. Writes a Markdown table to $1; files live under /tmp, never in the repo.
#   bench/studies/bench.sh artifacts/bench/studies.md   (Optuna: apt-get install -y python3-optuna python3-sklearn)
# Environment: STUDY_TRIALS (default 10000), REPRO_BENCH_REPEAT (default 5), OPTUNA_LIMIT (seconds one Optuna read may
#   take, default 300), REPRO_BENCH_STUDIES_CACHE (default /tmp/repro-bench-studies: Optuna's copy of the study, built
#   once per trials.json, as add_trials takes minutes for 10,000 trials).
set -euo pipefail
TIMEFORMAT='%R %U %S'
out=$(realpath -m "${1:?usage: bench.sh OUTPUT.md}")
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
trials=${STUDY_TRIALS:-10000}
repeat=${REPRO_BENCH_REPEAT:-5}
limit=${OPTUNA_LIMIT:-300}
cache=${REPRO_BENCH_STUDIES_CACHE:-/tmp/repro-bench-studies}
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")" "$cache"

# Published as the installed tool is (its package is a Release publish: ReadyToRun code), not a plain build.
dotnet publish tool/Repro.Tool -c Release -v quiet -nologo -o "$work/tool" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
dotnet build bench/studies/Repro.Bench.Studies -c Release -v quiet -nologo -o "$work/gen" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
repro="$work/tool/dotnet-repro"
project="$work/project"
generated=$("$work/gen/Repro.Bench.Studies" "$project" "$trials")
echo "$generated"

have_optuna=0
if $python -c "import optuna" 2> /dev/null; then have_optuna=1; else echo "optuna not found: apt-get install -y python3-optuna (its rows will be missing)"; fi
optuna_url="sqlite:///$work/optuna.db"
if [ $have_optuna = 1 ]; then
  key=$(cat "$project/search/trials.json" "$here/optuna_study.py" | sha256sum | cut -c1-16)-$($python -c "import optuna; print(optuna.__version__)")
  if [ ! -f "$cache/optuna-$key.db" ]; then
    start=$(date +%s)
    rm -f "$cache/optuna-$key.db.part" "$cache/optuna-$key.db.part-journal"
    $python "$here/optuna_study.py" build "$project/search/trials.json" "sqlite:///$cache/optuna-$key.db.part"
    mv "$cache/optuna-$key.db.part" "$cache/optuna-$key.db"
    echo "optuna study built in $(( $(date +%s) - start )) s (kept in $cache)"
  fi
  cp "$cache/optuna-$key.db" "$work/optuna.db"
fi

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.0f\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# measure NAME CMD...: runs CMD $repeat times in the project folder; ms[NAME] is the median wall time in milliseconds
# ("timeout" past $limit seconds, or "exit N"), cpu[NAME] the median user + system time of the process; the last run's
# stdout is $work/NAME.out and its stderr $work/NAME.err. The CPU time tells what a loaded machine does to the wall time.
declare -A ms cpu
measure() {
  local name=$1 rc real user sys walls=() cpus=()
  shift
  for _ in $(seq "$repeat"); do
    rc=0
    { time (cd "$project" && timeout "$limit" "$@" > "$work/$name.out" 2> "$work/$name.err"); } 2> "$work/time" || rc=$?
    if [ $rc = 124 ]; then ms[$name]=timeout && return; fi
    if [ $rc != 0 ]; then ms[$name]="exit $rc" && return; fi
    read -r real user sys < "$work/time"
    walls+=("$(awk -v t="$real" 'BEGIN { printf "%.0f", t * 1000 }')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.0f", (u + s) * 1000 }')")
  done
  ms[$name]=$(printf '%s\n' "${walls[@]}" | median)
  cpu[$name]=$(printf '%s\n' "${cpus[@]}" | median)
}
# check NAME WHAT ACTUAL EXPECTED: fails the bench when a read did not return the whole study.
check() {
  if [ "$3" != "$4" ]; then
    echo "bench studies: $2 gave $3, expected $4; its output:" >&2
    head -c 2000 "$work/$1.out" >&2
    exit 1
  fi
}

load_before=$(cut -d' ' -f1 /proc/loadavg)
measure repro_floor "$repro" --version
measure repro_list "$repro" exp list
measure repro_study "$repro" exp list --study tune
measure repro_json "$repro" exp list --study tune --json
measure repro_show "$repro" search show tune
check repro_list "exp list" "$(grep -c "tune  $trials trials" "$work/repro_list.out")" 1
check repro_study "exp list --study tune" "$(($(wc -l < "$work/repro_study.out") - 1))" "$trials"
check repro_json "exp list --study tune --json" "$(jq '[.[] | select(.trial.study == "tune")] | length' "$work/repro_json.out")" "$trials"
check repro_show "search show tune" "$(grep -c "^study tune: $trials trials\|^importance" "$work/repro_show.out")" 2
if [ $have_optuna = 1 ]; then
  measure optuna_floor $python -c "import optuna"
  measure optuna_summaries $python -c "import optuna, sys; s = optuna.get_all_study_summaries('$optuna_url', include_best_trial=True); print(s[0].n_trials)"
  measure optuna_frame $python "$here/optuna_study.py" dataframe "$optuna_url"
  measure optuna_show $python "$here/optuna_study.py" show "$optuna_url"
  check optuna_summaries "get_all_study_summaries" "$(cat "$work/optuna_summaries.out")" "$trials"
  check optuna_frame "trials_dataframe" "$(cat "$work/optuna_frame.out")" "$trials"
  [ "${ms[optuna_show]}" = "exit 3" ] || [ "${ms[optuna_show]}" = timeout ] \
    || check optuna_show "get_param_importances" "$(jq '.importances | length' "$work/optuna_show.out")" 4
fi
load_after=$(cut -d' ' -f1 /proc/loadavg)

# cell NAME FLOOR: "N ms | N minus the process floor | CPU time"; dashes when not measured.
cell() {
  local v=${ms[$1]:-}
  case $v in
    "") echo "— | — | —" ;;
    timeout) echo "> ${limit} s | — | —" ;;
    "exit 3") echo "n/a (no scikit-learn) | — | —" ;;
    exit*) echo "failed ($v) | — | —" ;;
    *) echo "$v ms | $([ -n "${2:-}" ] && echo "$((v - ${ms[$2]})) ms" || echo "—") | ${cpu[$1]} ms" ;;
  esac
}
ratio() {
  local r=${ms[$1]:-} o=${ms[$2]:-}
  case $o in
    "" | exit*) echo "—" ;;
    timeout) echo "> $(awk -v o="$limit" -v r="$r" 'BEGIN { printf "%.0f", o * 1000 / r }')×" ;;
    *) awk -v o="$o" -v r="$r" 'BEGIN { printf (o / r >= 10 ? "%.0f×" : "%.1f×"), o / r }' ;;
  esac
}
row() { echo "| $1 | $(cell "$2" "${4:-}") | $3 | $(cell "$5" "${6:-}") | $(ratio "$2" "$5") |"; }
steps() { grep -m1 '^{' "$work/$1.err" 2> /dev/null | jq -r 'to_entries | map("\(.key) \(.value) s") | join(", ")' 2> /dev/null || echo "—"; }
size() { awk -v s="$(cat "$@" 2> /dev/null | wc -c)" 'BEGIN { printf "%.1f MB", s / 1e6 }'; }
db="$project/.repro/repro.db"
counts=$(sqlite3 "$db" "SELECT (SELECT COUNT(*) FROM runs), (SELECT COUNT(*) FROM trial_values), (SELECT COUNT(*) FROM metric_series)" 2> /dev/null | tr '|' ' ' || echo "? ? ?")
read -r runs values points <<< "$counts"

{
  echo "# Studies: reading a $trials-trial study back"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $load_before before the reads, $load_after after."
  echo "$(dotnet --version | sed 's/^/.NET SDK /'); Optuna $($python -c 'import optuna; print(optuna.__version__)' 2> /dev/null || echo 'not installed') with SQLAlchemy $($python -c 'import sqlalchemy; print(sqlalchemy.__version__)' 2> /dev/null || echo '?') on SQLite $($python -c 'import sqlite3; print(sqlite3.sqlite_version)'). Median of $repeat fresh processes per row: wall time as the script measures it, and the process's CPU time (user + system)."
  echo
  echo "Study: ${generated#study }"
  echo "Stored: Repro's .repro/repro.db $(size "$db" "$db-wal") ($runs run records, $values intermediate values, $points metric-series points, run cache);"
  echo "Optuna's SQLite RDB storage $(size "$work/optuna.db") (the study alone: same trials, states, values and intermediate values)."
  echo
  echo "| operation | Repro | Repro − floor | Repro CPU | Optuna equivalent | Optuna | Optuna − floor | Optuna CPU | Optuna ÷ Repro (wall) |"
  echo "|---|---|---|---|---|---|---|---|---|"
  row 'process floor: `dotnet-repro --version`' repro_floor 'process floor: `python3 -c "import optuna"`' "" optuna_floor
  row '`exp list` (your runs, one line per study)' repro_list '`get_all_study_summaries(include_best_trial=True)`' repro_floor optuna_summaries optuna_floor
  row "\`exp list --study tune\` ($trials rows)" repro_study '`load_study` + `trials_dataframe()`' repro_floor optuna_frame optuna_floor
  row "\`exp list --study tune --json\` ($trials entries)" repro_json '`load_study` + `trials_dataframe()`' repro_floor optuna_frame optuna_floor
  row '`search show tune` (best, top 10, history, importances)' repro_show '`load_study` + `best_trial` + top 10 + history + `get_param_importances` (fANOVA)' repro_floor optuna_show optuna_floor
  echo
  echo "Optuna's steps in its last run (seconds inside the process): trials_dataframe: $(steps optuna_frame); search show's equivalent: $(steps optuna_show)."
} > "$out"
cat "$out"
