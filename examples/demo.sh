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
echo "== dotnet repro exp list      (every run is an experiment)"
dotnet repro exp list
echo "== dotnet repro diff baseline scale-3"
dotnet repro diff baseline scale-3
echo "== dotnet repro verify        (what a CI job runs: re-run from scratch, compare with repro.lock)"
dotnet repro verify
cd ..

# The real thing: Fashion-MNIST (Debian's dataset-fashion-mnist) -> a CNN trained by the built-in TorchSharp
# trainer -> evaluation on the test set. A few minutes on 2 cores.
if [ -d /usr/share/datasets/fashion-mnist ]; then
  rm -rf fashion-mnist && cp -r "$examples/fashion-mnist" fashion-mnist && cd fashion-mnist
  echo "== dotnet repro run            (examples/fashion-mnist: prepare -> train cnn -> evaluate)"
  dotnet repro run --name cnn-baseline
  echo "== dotnet repro exp show last"
  dotnet repro exp show last
  cd ..
else
  echo "== skipping examples/fashion-mnist: apt-get install dataset-fashion-mnist to run it"
fi

# Your own project from a template: repro-cnn trains Repro's built-in CNN and a residual CNN of your own (src/CnnTrainer,
# through the Repro.Training library), restoring Repro.Training from the packages the Pack target wrote.
if [ -d /usr/share/datasets/fashion-mnist ]; then
  packages=$(cd "$examples/../artifacts/packages" && pwd)
  echo "== dotnet new install Repro.Templates"
  # Uninstall first rather than install --force: reinstalling the same id and version with --force adds a second entry
  # for it (template engine of SDK 10.0.401), after which 'dotnet new repro-cnn' fails with "more than one match".
  while dotnet new uninstall Repro.Templates > /dev/null 2>&1; do :; done
  dotnet new install "$(ls "$packages"/Repro.Templates.*.nupkg | head -n 1)"
  rm -rf my-cnn
  echo "== dotnet new repro-cnn -o my-cnn --epochs 1 --feed $packages"
  dotnet new repro-cnn -o my-cnn --epochs 1 --feed "$packages"
  cd my-cnn
  echo "== dotnet repro dag"
  dotnet repro dag
  echo "== dotnet repro run evaluate train_custom --set data.limit=2000   (both trainers, on 2,000 images)"
  dotnet repro run evaluate train_custom --name small --set data.limit=2000
  echo "== dotnet repro run ... --set train.lr=0.003   (a changed hyperparameter: prepare is cached, both trainers re-run)"
  dotnet repro run evaluate train_custom --name small-lr-3e-3 --set data.limit=2000 --set train.lr=0.003
  echo "== dotnet repro diff small small-lr-3e-3"
  dotnet repro diff small small-lr-3e-3
  cd ..
else
  echo "== skipping the repro-cnn template: apt-get install dataset-fashion-mnist to run it"
fi
