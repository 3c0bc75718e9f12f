#!/usr/bin/env bash
# Pruning saving on a real search: the Fashion-MNIST CNN (a small subset), a learning-rate and dropout space, TPE with a
# fixed seed, run without a pruner and with each pruner below, one study after the other. Reports the epochs each study
# trained, the wall time and the best validation accuracy, against the study without pruning.
#   bench/search/pruning.sh OUT.md
# Environment: PRUNE_TRIALS (default 24), PRUNE_EPOCHS (default 8), PRUNE_LIMIT (images kept, default 5000),
#   PRUNERS (default "none median median_warmup2 asha hyperband"; none is always run first, as the baseline),
#   PRUNE_SAMPLER (default tpe; random proposes the same points whatever is pruned, so a row differs from none only by
#   what its pruner stopped, where TPE's later proposals also follow what was pruned).
# Needs the Fashion-MNIST IDX files (apt-get install dataset-fashion-mnist).
set -euo pipefail
out=$(realpath -m "${1:-artifacts/bench/search-pruning.md}")
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
trials=${PRUNE_TRIALS:-24}
epochs=${PRUNE_EPOCHS:-8}
read -r -a pruners <<< "none ${PRUNERS:-median median_warmup2 asha hyperband}"
# The pruner: entry of each configuration: Optuna's defaults, and the median pruner that judges from epoch 3 on.
pruner_yaml() {
  case "$1" in
    none) echo "{ type: none }" ;;
    median) echo "{ type: median }" ;;
    median_warmup2) echo "{ type: median, warmup_steps: 2 }" ;;
    asha) echo "{ type: asha }" ;;
    hyperband) echo "{ type: hyperband, max_resource: $epochs }" ;;
    *) echo "bench pruning: unknown configuration '$1'" >&2; exit 2 ;;
  esac
}
limit=${PRUNE_LIMIT:-5000}
sampler=${PRUNE_SAMPLER:-tpe}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"
dotnet build tool/Repro.Tool -c Release -v quiet -nologo -o "$work/tool" > "$work/build.log" || { cat "$work/build.log"; exit 1; }

for pruner in "${pruners[@]}"; do
  [ "$pruner" = none ] && [ -d "$work/none" ] && continue
  project="$work/$pruner"
  mkdir -p "$project"
  printf 'train:\n  lr: 0.05\n  dropout: 0.2\n' > "$project/params.yaml"
  cat > "$project/pipeline.yaml" <<YAML
seed: 42
params: params.yaml
stages:
  prepare:
    uses: data/fashion-mnist
    with: { val_fraction: 0.2, limit: $limit }
    outs: [data/fmnist]
  train:
    uses: train
    deps: [data/fmnist]
    with:
      data: data/fmnist
      model: { type: cnn, channels: [16, 32], batchnorm: true, dropout: "\${train.dropout}", fc: [64] }
      optimizer: { type: sgd, lr: "\${train.lr}", momentum: 0.9 }
      epochs: $epochs
      batch_size: 128
    outs: [models/model.pt]
    metrics: [metrics/train.json]
  tune:
    uses: search
    with:
      stage: train
      space: { train.lr: "loguniform(1e-3, 0.5)", train.dropout: "uniform(0, 0.5)" }
      sampler: $sampler
      trials: $trials
      pruner: $(pruner_yaml "$pruner")
      objective: { metric: val_acc, direction: maximize }
    outs: [search/]
YAML
  (cd "$project" && "$work/tool/dotnet-repro" run prepare > "$work/$pruner.prepare.log" 2>&1)
  start=$(date +%s.%N)
  (cd "$project" && "$work/tool/dotnet-repro" run tune > "$work/$pruner.log" 2>&1) || { tail -30 "$work/$pruner.log"; exit 1; }
  end=$(date +%s.%N)
  echo "$start $end" > "$work/$pruner.time"
  echo "$pruner: $(tail -3 "$work/$pruner.log" | head -1)"
done

/usr/bin/python3 - "$work" "$trials" "$epochs" "$limit" "$out" "$sampler" "${pruners[@]}" <<'PY'
import json, sys
work, trials, epochs, limit, out, sampler = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
pruners = list(dict.fromkeys(sys.argv[7:]))
rows = {}
for pruner in pruners:
    study = json.load(open(f"{work}/{pruner}/search/trials.json"))
    start, end = map(float, open(f"{work}/{pruner}.time").read().split())
    ts = study["trials"]
    rows[pruner] = dict(
        epochs=sum(len(t["intermediate"]) for t in ts),
        best=max((t["value"] for t in ts if t["state"] == "complete"), default=float("nan")),
        pruned=sum(t["state"] == "pruned" for t in ts),
        failed=sum(t["state"] == "failed" for t in ts),
        seconds=end - start,
    )
n = rows["none"]
with open("/proc/loadavg") as f:
    load = " ".join(f.read().split()[:3])
lines = [
    f"## Pruning saving (Fashion-MNIST CNN, lr + dropout, {sampler} sampler)",
    "",
    f"{trials} trials of at most {epochs} epochs, {limit} images (80/20 train/val), seed 42, same machine, one study after the",
    f"other; trials wait for each verdict (REPRO_CONTROL_AWAIT), so each study is reproducible. Load average at the end: {load}.",
    "Targets: at least 40% of the epochs saved, best val_acc within 0.5 points of the study without pruning.",
    "",
    "| pruner | epochs trained | saved | pruned | failed | best val_acc | vs none | wall time |",
    "|---|---|---|---|---|---|---|---|",
]
for name in pruners:
    r = rows[name]
    saving = 1 - r["epochs"] / n["epochs"] if n["epochs"] else float("nan")
    met = saving >= 0.40 and abs(r["best"] - n["best"]) * 100 <= 0.5
    lines.append(
        f"| {name} | {r['epochs']} | {saving:.0%} | {r['pruned']} | {r['failed']} | {r['best']:.4f} | "
        f"{(r['best'] - n['best']) * 100:+.2f} pts{' (targets met)' if met and name != 'none' else ''} | {r['seconds']:.0f} s |"
    )
lines.append("")
open(out, "a").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
