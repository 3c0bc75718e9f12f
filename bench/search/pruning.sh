#!/usr/bin/env bash
# Pruning saving on a real search: the Fashion-MNIST CNN (a small subset), a learning-rate and dropout space, TPE with a
# fixed seed, run once with the median pruner and once without. Reports the epochs each study trained, the wall time and
# the best validation accuracy.   bench/search/pruning.sh OUT.md
# Environment: PRUNE_TRIALS (default 10), PRUNE_EPOCHS (default 5), PRUNE_LIMIT (images kept, default 5000).
# Needs the Fashion-MNIST IDX files (apt-get install dataset-fashion-mnist).
set -euo pipefail
out=$(realpath -m "${1:-artifacts/bench/search-pruning.md}")
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
trials=${PRUNE_TRIALS:-10}
epochs=${PRUNE_EPOCHS:-5}
limit=${PRUNE_LIMIT:-5000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"
dotnet build tool/Repro.Tool -c Release -v quiet -nologo -o "$work/tool" > "$work/build.log" || { cat "$work/build.log"; exit 1; }

for pruner in none median; do
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
      sampler: tpe
      trials: $trials
      pruner: { type: $pruner }
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

/usr/bin/python3 - "$work" "$trials" "$epochs" "$limit" "$out" <<'PY'
import json, sys
work, trials, epochs, limit, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
rows = {}
for pruner in ("none", "median"):
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
n, m = rows["none"], rows["median"]
saving = 1 - m["epochs"] / n["epochs"] if n["epochs"] else float("nan")
lines = [
    "## Pruning saving (Fashion-MNIST CNN, lr + dropout, TPE)",
    "",
    f"{trials} trials of at most {epochs} epochs, {limit} images (80/20 train/val), seed 42, same machine, one after the other.",
    "",
    "| pruner | epochs trained | pruned | failed | best val_acc | wall time |",
    "|---|---|---|---|---|---|",
]
for name, r in (("none", n), ("median", m)):
    lines.append(f"| {name} | {r['epochs']} | {r['pruned']} | {r['failed']} | {r['best']:.4f} | {r['seconds']:.0f} s |")
lines += [
    "",
    f"Epochs saved by pruning: {saving:.0%} (target: at least 40%); best accuracy difference: "
    f"{(m['best'] - n['best']) * 100:+.2f} points (target: within 0.5).",
    "",
]
open(out, "a").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
