#!/usr/bin/env bash
# Plots suite: how big a `repro plots` report is and how long headless Chromium takes to open it (load event, after
# every chart is drawn), for studies of 20, 200 and 1000 trials with two 50-epoch runs. The peers are the same browser
# on an empty page (its own start-up floor) and the 200-trial report with the full plotly.js bundle (3.6 MB) that
# Plotly.NET embeds, which reports inlined before the partial bundle. Writes a Markdown table to $1. Files live under /tmp, never in the repo.
#   bench/plots/bench.sh artifacts/bench/plots.md
set -euo pipefail
out=${1:?usage: bench.sh OUTPUT.md}
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
cd "$(dirname "$0")/../.."
data=${REPRO_BENCH_DATA:-/tmp/repro-bench-plots}
repeat=${REPRO_BENCH_REPEAT:-5}
browser=${REPRO_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$browser" ]; then
  echo "bench plots: chromium is not installed (apt-get install chromium)" >&2
  exit 1
fi
rm -rf "$data" && mkdir -p "$data"
dotnet build bench/plots/Repro.Bench.Plots -c Release -v quiet -nologo >/dev/null
bench/plots/Repro.Bench.Plots/bin/Release/net10.0/linux-x64/Repro.Bench.Plots "$data" 20 200 1000 >/dev/null
echo '<!DOCTYPE html><html><head></head><body><script>addEventListener("load",function(){var p=document.createElement("pre");p.id="bench";p.textContent=JSON.stringify({loadMs:performance.now(),allMs:performance.now(),chartsAtLoad:0,charts:0,figures:0});document.body.appendChild(p)})</script></body></html>' >"$data/probed-empty.html"
# The floor of any report drawn with plotly.js: the same head (plotly.js inlined) and no chart.
sed -n '1,/<body>/p' "$data/probed-20.html" >"$data/probed-plotlyjs.html"
echo '</body></html>' >>"$data/probed-plotlyjs.html"

# open NAME: "loadMs allMs chartsAtLoad charts figures wallMs" of one fresh headless Chromium loading probed-NAME.html.
open_once() {
  local profile t0 t1 dom
  profile=$(mktemp -d "$data/profile.XXXXXX")
  t0=$(date +%s%N)
  dom=$("$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --enable-unsafe-swiftshader --use-angle=swiftshader \
    --user-data-dir="$profile" --dump-dom "file://$data/probed-$1.html" 2>/dev/null)
  t1=$(date +%s%N)
  rm -rf "$profile"
  echo "$dom" | grep -o '<pre id="bench">[^<]*' | sed 's/<pre id="bench">//; s/&quot;/"/g' |
    jq -r --arg wall "$(( (t1 - t0) / 1000000 ))" '"\(.loadMs) \(.allMs) \(.chartsAtLoad) \(.charts) \(.figures) \($wall)"'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

rows=()
for name in empty plotlyjs 20 200 1000 200-full; do
  loads=() alls=() walls=() at_load=0 charts=0 figures=0
  for _ in $(seq "$repeat"); do
    read -r load all a c f wall < <(open_once "$name")
    loads+=("$load"); alls+=("$all"); walls+=("$wall"); at_load=$a; charts=$c; figures=$f
  done
  size=$(stat -c %s "$data/probed-$name.html")
  load_median=$(printf '%s\n' "${loads[@]}" | median)
  wall_median=$(printf '%s\n' "${walls[@]}" | median)
  all_median=$(printf '%s\n' "${alls[@]}" | median)
  case $name in
    empty) label="empty page (browser floor)" ;;
    plotlyjs) label="plotly.js alone, no chart (floor of a report)" ;;
    200-full) label="200 trials, full plotly.js (Plotly.NET's bundle, as before)" ;;
    *) label="$name trials" ;;
  esac
  rows+=("| $label | $(awk -v s="$size" 'BEGIN { printf "%.2f MB", s / 1e6 }') | $at_load | $(printf '%.0f' "$load_median") ms | $charts / $figures | $(printf '%.0f' "$all_median") ms | $wall_median ms |")
done

{
  echo "# Plots: report size and time to open in headless Chromium"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1 /proc/loadavg)."
  echo "Browser: $("$browser" --version 2>/dev/null | head -1). Median of $repeat fresh browser starts per row."
  echo "Each report: two runs with 50 epochs of 5 curves, a TPE study (4 parameters, median pruner, 10 epochs) with history,"
  echo "parallel coordinates, importance and top-10 table. 'open' is performance.now() at the load event: the page is shown"
  echo "with the charts of the first screen drawn (the rest draw lazily when scrolled to or when the browser is idle);"
  echo "'all drawn' is the time after drawing every remaining chart at once (reproDrawAll). Window: Chromium's default."
  echo
  echo "| report | file | charts drawn at load | open (load event) | charts drawn / figures | all drawn | whole browser run |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >"$out"
cat "$out"
