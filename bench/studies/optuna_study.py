#!/usr/bin/env python3
"""Optuna's side of bench/studies: the same study in Optuna's RDB storage (SQLite), read back as Optuna users do.

  optuna_study.py build TRIALS_JSON STORAGE_URL   study 'tune' with the trials of Repro's search/trials.json: the same
                                                  4 parameters, states, objective values and per-epoch intermediate
                                                  values (a pruned trial's value is its last one, as Optuna's tell does)
  optuna_study.py dataframe STORAGE_URL           load_study + trials_dataframe(); prints the row count
  optuna_study.py show STORAGE_URL                load_study + best_trial, the top 10 and the best-so-far history (what
                                                  `repro search show` prints) + get_param_importances (fANOVA, the
                                                  default evaluator; it needs scikit-learn: exit 3 without it)

Each reader prints the seconds of each step on stderr; bench.sh times the whole process.
"""
import json
import sys
import time

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import TrialState

STUDY = "tune"
DISTRIBUTIONS = {
    "train.dropout": FloatDistribution(0.0, 0.5),
    "train.layers": IntDistribution(1, 4),
    "train.lr": FloatDistribution(1e-4, 1e-1, log=True),
    "train.optimizer": CategoricalDistribution(["sgd", "adam"]),
}
STATES = {"complete": TrialState.COMPLETE, "pruned": TrialState.PRUNED, "failed": TrialState.FAIL}


def build(trials_json, storage):
    with open(trials_json) as f:
        source = json.load(f)
    trials = []
    for t in source["trials"]:
        intermediate = {int(step): value for step, value in t["intermediate"].items()}
        state = STATES[t["state"]]
        value = t["value"]
        if state == TrialState.PRUNED and intermediate:
            value = intermediate[max(intermediate)]
        trials.append(
            optuna.trial.create_trial(
                state=state,
                value=value if state != TrialState.FAIL else None,
                params=t["params"],
                distributions=DISTRIBUTIONS,
                intermediate_values=intermediate,
            )
        )
    study = optuna.create_study(
        study_name=STUDY,
        storage=storage,
        direction="maximize",
        sampler=optuna.samplers.RandomSampler(seed=42),
        pruner=optuna.pruners.MedianPruner(n_warmup_steps=5),
    )
    study.add_trials(trials)
    print(f"optuna study '{STUDY}': {len(trials)} trials")


def timed(steps, name, work):
    start = time.perf_counter()
    result = work()
    steps[name] = round(time.perf_counter() - start, 3)
    return result


def dataframe(storage):
    steps = {}
    study = timed(steps, "load_study", lambda: optuna.load_study(study_name=STUDY, storage=storage))
    frame = timed(steps, "trials_dataframe", study.trials_dataframe)
    print(json.dumps(steps), file=sys.stderr)
    print(len(frame))


def show(storage):
    steps = {}
    study = timed(steps, "load_study", lambda: optuna.load_study(study_name=STUDY, storage=storage))
    best = timed(steps, "best_trial", lambda: study.best_trial)

    def summary():
        complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        top = sorted(complete, key=lambda t: -t.value)[:10]
        history, best_so_far = [], None
        for t in complete:
            if best_so_far is None or t.value > best_so_far:
                best_so_far = t.value
                history.append((t.number, best_so_far))
        return top, history

    top, history = timed(steps, "top_and_history", summary)
    try:
        import sklearn  # noqa: F401  (fANOVA's random forest)
    except ImportError:
        print(json.dumps(steps), file=sys.stderr)
        print("scikit-learn is missing: apt-get install -y python3-sklearn", file=sys.stderr)
        sys.exit(3)
    importances = timed(steps, "get_param_importances", lambda: optuna.importance.get_param_importances(study))
    print(json.dumps(steps), file=sys.stderr)
    print(json.dumps({"best": best.number, "value": best.value, "top": len(top), "history": len(history), "importances": importances}))


if __name__ == "__main__":
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    command = sys.argv[1]
    if command == "build":
        build(sys.argv[2], sys.argv[3])
    elif command == "dataframe":
        dataframe(sys.argv[2])
    elif command == "show":
        show(sys.argv[2])
    else:
        sys.exit(f"unknown command {command}")
