using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Bench.Studies;
using Repro.Core.Cache;
using Repro.Core.Execution;
using Repro.Core.Fingerprint;
using Repro.Core.Pipeline;
using Repro.Core.Search;
using Repro.Core.Search.Execution;
using Repro.Core.Store;
using Repro.Tool;
using Repro.Tool.Steps;
using OutcomeStatus = Repro.Core.Execution.StageStatus;

// Creates a Repro project in PROJECT_DIR whose search stage `tune` has run TRIALS trials of its `train` stage (a `run:`
// command), and fills its store, .repro/repro.db, with what the engine records for such a search: the `repro run tune`
// run, the study (chosen as StageStudies does, so `search show` and `exp list --study` find it) and per trial what
// SearchExecutor's TrialRunner writes: the trial claimed, sampled and told through Study (the pipeline's own sampler and
// median pruner, over the store), its run record `tune#n` (kind trial) through RunRecorder, the train stage's execution
// (a pruned trainer's is `failed`, as the runner records it), final metrics, per-epoch series and run-cache entry,
// SetTrialRun, and the run's final status. Each trial simulates 10 epochs of a deterministic curve on a clock that moves
// only when told (1.5 s an epoch), so the times are those of a day-long search, written in seconds. Not written: the run
// folders under .repro/runs and the cache objects, which `exp list` and `search show` never read. The study's files
// (search/trials.json, trials.csv, best.yaml) are written as the search stage writes them; optuna_study.py builds
// Optuna's copy from trials.json. The sampler is random: the engine's TPE takes minutes to propose 10,000 trials (1,000
// in 7.5 s, 3,000 in 24 s here), and nothing read back depends on it. The pruner judges from epoch 5, so a pruned trial
// keeps 5 or more intermediate values.
// Usage: Repro.Bench.Studies PROJECT_DIR TRIALS
const int Epochs = 10;
var projectDirPath = Path.GetFullPath(args[0]);
var trialCount = int.Parse(args[1], CultureInfo.InvariantCulture);
var stopwatch = Stopwatch.StartNew();
var epochTime = TimeSpan.FromSeconds(1.5);
var trialOverhead = TimeSpan.FromSeconds(0.4);

Directory.CreateDirectory(projectDirPath);
File.WriteAllText(Path.Combine(projectDirPath, "params.yaml"), "train:\n  lr: 0.01\n  dropout: 0.2\n  optimizer: adam\n  layers: 2\n");
File.WriteAllText(
    Path.Combine(projectDirPath, "pipeline.yaml"),
    $$"""
    seed: 42
    params: params.yaml
    stages:
      train:
        run: python3 train.py
        deps: [train.py]
        params: [train]
        metrics: [metrics/train.json]
      tune:
        uses: search
        with:
          stage: train
          space:
            train.lr: "loguniform(1e-4, 1e-1)"
            train.dropout: "uniform(0, 0.5)"
            train.optimizer: "choice(sgd, adam)"
            train.layers: "int(1, 4)"
          sampler: random
          pruner: { type: median, warmup_steps: 5 }
          trials: {{trialCount}}
          objective: { metric: val_acc, direction: maximize }
        outs: [search/]

    """
);

// The trainer the simulation stands for: the same curve, so `dotnet repro run tune` on this project goes on with real trials.
File.WriteAllText(
    Path.Combine(projectDirPath, "train.py"),
    """
    import json, math, os, time
    p = json.load(open(os.environ["REPRO_PARAMS"]))["train"]
    seed = int(os.environ["REPRO_SEED"])
    ceiling = 0.9 - 0.3 * (math.log10(p["lr"]) + 2) ** 2 / 4 - 0.1 * abs(p["dropout"] - 0.2) - 0.02 * abs(p["layers"] - 2) - (0.03 if p["optimizer"] == "sgd" else 0)
    control, wait = os.environ.get("REPRO_CONTROL"), float(os.environ.get("REPRO_CONTROL_AWAIT", "0"))
    for epoch in range(1, 11):
        acc = ceiling * (1 - math.exp(-epoch / 3)) + 0.02 * ((seed * 2654435761 + epoch * 40503) % 2**64 % 10007 / 10007 - 0.5)
        with open(os.environ["REPRO_METRICS_STREAM"], "a") as stream:
            stream.write(json.dumps({"step": epoch, "val_acc": acc, "val_loss": 1.05 - acc}) + "\n")
        verdict, deadline = "", time.time() + wait
        while time.time() < deadline and verdict not in ("prune", "stop", f"continue {epoch}"):
            time.sleep(0.01)
            verdict = open(control).read().strip() if os.path.exists(control) else ""
        if verdict == "prune":
            raise SystemExit(0)
    os.makedirs("metrics", exist_ok=True)
    json.dump({"val_acc": acc, "val_loss": 1.05 - acc}, open("metrics/train.json", "w"))

    """
);

var pipeline = PipelineLoader.Load(projectDirPath, new PipelineLoadOptions { Steps = BuiltinSteps.Create() });
var tune = pipeline["tune"];
var train = pipeline["train"];
var search = SearchStageOptions.Read(pipeline, tune, tune.Seed);
var clock = new SimulatedClock(TimeProvider.System.GetUtcNow() - (epochTime * Epochs + trialOverhead) * trialCount);
using var store = RunStore.Open(Path.Combine(projectDirPath, ".repro", "repro.db"), clock);
var recorder = new RunRecorder(store, projectDirPath, clock, RunEnvironment.Facts());
var trainerId = ObjectId.Of(File.ReadAllBytes(Path.Combine(projectDirPath, "train.py")));
var deps = new Dictionary<string, ObjectId>(StringComparer.Ordinal) { ["train.py"] = trainerId };

var searchRun = await recorder.BeginAsync(pipeline, new RunOptions { Targets = ["tune"], CommandLine = "repro run tune" }, [tune], default);
var choice = StageStudies.Choose(store, search.StudyName, search.Definition);
var study = Study.CreateOrLoad(store, choice.Study, search.Space, search.Sampler, search.Pruner);
var searchSeries = new List<MetricPoint>();
string? previousParams = null;
long previousSeed = 0;
while (study.FinishedCount < trialCount && study.Ask() is { } trial)
{
    var number = trial.Number;
    var name = StudyFiles.RunName(study.Name, number);
    var overrides = (JsonObject)pipeline.Params.DeepClone();
    foreach (var (key, value) in trial.Params)
        overrides["train"]![key["train.".Length..]] = StudyFiles.Value(value);
    var run = await recorder.BeginAsync(
        pipeline with
        {
            Params = overrides,
        },
        new RunOptions
        {
            Targets = [search.ObjectiveStage],
            Name = name,
            Kind = "trial",
            CommandLine = $"search {study.Name}: trial {number} of {search.Target}",
        },
        [train],
        default
    );
    clock.Advance(trialOverhead);
    var started = clock.GetUtcNow();

    // The trainer's metrics stream, followed by the trial runner: each epoch is reported, then judged.
    var ceiling =
        0.9
        - 0.3 * Math.Pow(Math.Log10(Real(trial.Params["train.lr"])) + 2, 2) / 4
        - 0.1 * Math.Abs(Real(trial.Params["train.dropout"]) - 0.2)
        - 0.02 * Math.Abs(Real(trial.Params["train.layers"]) - 2)
        - ((string)trial.Params["train.optimizer"] == "sgd" ? 0.03 : 0);
    var points = new List<MetricPoint>();
    var accuracy = 0.0;
    var pruned = false;
    for (var epoch = 1; epoch <= Epochs && !pruned; epoch++)
    {
        clock.Advance(epochTime);
        accuracy = ceiling * (1 - Math.Exp(-epoch / 3.0)) + Noise(trial.Seed, epoch);
        points.Add(new MetricPoint(run.RunId, "train", epoch, "val_acc", accuracy));
        points.Add(new MetricPoint(run.RunId, "train", epoch, "val_loss", 1.05 - accuracy));
        study.Report(number, epoch, accuracy);
        pruned = study.ShouldPrune(number);
    }

    // The runner's record of the train stage: a pruned trainer exits before writing its metrics file.
    var paramsJson = JsonSerializer.Serialize(trial.Params.ToDictionary(p => p.Key["train.".Length..], p => p.Value));
    var fingerprint = ObjectId.Of(Encoding.UTF8.GetBytes($"{paramsJson} {trial.Seed} {trainerId}")).ToString();
    var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["val_acc"] = accuracy, ["val_loss"] = 1.05 - accuracy };
    var metricsFile = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(metrics));
    var outs = new Dictionary<string, ObjectId>(StringComparer.Ordinal);
    if (!pruned)
        outs["metrics/train.json"] = ObjectId.Of(metricsFile);
    await recorder.StageFinishedAsync(
        run,
        new StageOutcome
        {
            Name = "train",
            Status = pruned ? OutcomeStatus.Failed : OutcomeStatus.Executed,
            Reason =
                pruned ? "declared output 'metrics/train.json' was not written"
                : previousParams is null ? "never run"
                : $"param 'train' changed: {previousParams} -> {paramsJson}; seed changed: {previousSeed} -> {trial.Seed}",
            Duration = clock.GetUtcNow() - started,
            ExitCode = 0,
            Fingerprint = fingerprint,
            Seed = trial.Seed,
            DepHashes = deps,
            OutHashes = outs,
            Metrics = pruned ? new Dictionary<string, double>() : metrics,
        },
        default
    );
    store.AddMetricPoints(points);
    if (!pruned)
    {
        store.PutStageResult(
            new StageResultRecord(
                fingerprint,
                "train",
                [new StageOut("metrics/train.json", new PathHash(outs["metrics/train.json"], false, metricsFile.Length, 1))],
                JsonSerializer.Serialize(metrics),
                run.RunId
            )
        );
        (previousParams, previousSeed) = (paramsJson, trial.Seed);
    }

    store.SetTrialRun(study.Name, number, run.RunId);
    var finished = pruned ? study.Prune(number) : study.Tell(number, accuracy);
    store.FinishRun(run.RunId, finished.State == TrialState.Complete ? RunStatus.Succeeded : RunStatus.Pruned, clock.GetUtcNow());
    if (finished.Value is { } objective)
        searchSeries.Add(new MetricPoint(searchRun.RunId, "tune", number, "value", objective));
    if (study.BestTrial?.Value is { } best)
        searchSeries.Add(new MetricPoint(searchRun.RunId, "tune", number, "best", best));
}

var trials = study.Trials;
var outDirPath = Path.Combine(projectDirPath, search.OutDirPath);
await StudyFiles.WriteAsync(outDirPath, study.Name, search.Metric, study.Direction, trials, default);
var searchOutcome = new StageOutcome
{
    Name = "tune",
    Status = OutcomeStatus.Executed,
    Reason = "never run",
    Duration = clock.GetUtcNow() - searchRun.StartedAt,
    ExitCode = 0,
    Fingerprint = ObjectId.Of(Encoding.UTF8.GetBytes(search.Definition.Json)).ToString(),
    Seed = tune.Seed,
    DepHashes = deps,
    OutHashes = new Dictionary<string, ObjectId>(StringComparer.Ordinal)
    {
        ["search"] = ObjectId.Of(File.ReadAllBytes(Path.Combine(outDirPath, "trials.json"))),
    },
};
await recorder.StageFinishedAsync(searchRun, searchOutcome, default);
store.AddMetricPoints(searchSeries);
await recorder.FinishAsync(searchRun, [searchOutcome], interrupted: false, default);

var count = (TrialState state) => trials.Count(t => t.State == state);
Console.WriteLine(
    string.Create(
        CultureInfo.InvariantCulture,
        $"study '{study.Name}': {trials.Count} trials ({count(TrialState.Complete)} complete, {count(TrialState.Pruned)} pruned), "
            + $"best #{study.BestTrial?.Number} {search.Metric} {study.BestTrial?.Value:G6}; written in {stopwatch.Elapsed.TotalSeconds:0.0} s"
    )
);

// Training noise in [-0.01, 0.01), a hash of the trial's seed and the epoch that train.py computes alike.
static double Noise(long seed, int epoch) => 0.02 * ((((ulong)seed * 2654435761UL) + ((ulong)epoch * 40503UL)) % 10007UL / 10007.0 - 0.5);

static double Real(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
