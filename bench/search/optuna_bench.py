"""Optuna's TPE on the same functions and budgets as Repro.Bench.Search; same JSON shape.

Usage: optuna_bench.py quality TRIALS SEEDS OUT.json [SEED_FROM] | overhead TRIALS OUT.json
"""
import json
import math
import sys
import time
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
# multivariate=True is "experimental" in Optuna 3.x and says so once per sampler.
warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)

# The samplers compared: Optuna's defaults (univariate TPE) and its multivariate TPE (Falkner et al. 2018).
SAMPLERS = {
    "optuna-tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "optuna-tpe-multivariate": lambda seed: optuna.samplers.TPESampler(multivariate=True, seed=seed),
}

ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def branin(x):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x[1] - b * x[0] ** 2 + c * x[0] - 6) ** 2 + 10 * (1 - t) * math.cos(x[0]) + 10


def hartmann6(x):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


FUNCTIONS = [
    ("branin", [(-5, 10), (0, 15)], 0.397887357729738, branin),
    ("hartmann6", [(0, 1)] * 6, -3.32236801141551, hartmann6),
    ("rosenbrock10", [(-5, 10)] * 10, 0.0, rosenbrock),
]


def ask_point(trial, box):
    return [trial.suggest_float(f"x{i}", lo, hi) for i, (lo, hi) in enumerate(box)]


def quality(trials, seeds, seed_from=0):
    result = {}
    for name, box, minimum, f in FUNCTIONS:
        for sampler, create in SAMPLERS.items():
            curves = []
            for seed in range(seed_from, seed_from + seeds):
                study = optuna.create_study(sampler=create(seed))
                best, curve = math.inf, []
                for _ in range(trials):
                    trial = study.ask()
                    value = f(ask_point(trial, box))
                    study.tell(trial, value)
                    best = min(best, value)
                    curve.append(best - minimum)
                curves.append(curve)
            result[f"{name}/{sampler}"] = curves
    return result


def overhead(trials):
    name, box, minimum, f = FUNCTIONS[1]
    result = {}
    for sampler, create in SAMPLERS.items():
        study = optuna.create_study(sampler=create(0))
        wall, cpu = [], []
        for _ in range(trials):
            start, cpu_start = time.perf_counter(), time.thread_time()
            trial = study.ask()
            value = f(ask_point(trial, box))
            study.tell(trial, value)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - cpu_start) * 1000)
        result[sampler] = {"wall": wall, "cpu": cpu}
    return result


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "quality":
        out = quality(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[5]) if len(sys.argv) > 5 else 0)
        path = sys.argv[4]
    else:
        out = overhead(int(sys.argv[2]))
        path = sys.argv[3]
    out["version"] = optuna.__version__
    with open(path, "w") as file:
        json.dump(out, file)
