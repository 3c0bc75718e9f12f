using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Bench.Search;
using Repro.Core.Search;
using Repro.Core.Search.Samplers;
using Repro.Core.Search.Samplers.Tpe;
using Space = Repro.Core.Search.SearchSpace.SearchSpace;

// Usage: Repro.Bench.Search quality TRIALS SEEDS OUT.json | overhead TRIALS OUT.json
// Writes the same JSON shape as optuna_bench.py, so report.py can put both side by side.
var mode = args.ElementAtOrDefault(0) ?? "quality";

// TPE in both modes, whichever is the default; the default's row is marked in the report.
var samplers = new Dictionary<string, Func<JsonNode>>
{
    ["repro-tpe-univariate"] = () => new JsonObject { ["type"] = "tpe", ["multivariate"] = false },
    ["repro-tpe-multivariate"] = () => new JsonObject { ["type"] = "tpe", ["multivariate"] = true },
    ["repro-random"] = () => JsonValue.Create("random"),
};
var result = new JsonObject
{
    ["repro-default"] = new TpeSamplerOptions().Multivariate ? "repro-tpe-multivariate" : "repro-tpe-univariate",
};
if (mode == "quality")
{
    var trials = int.Parse(args[1], CultureInfo.InvariantCulture);
    var seeds = int.Parse(args[2], CultureInfo.InvariantCulture);
    foreach (var function in TestFunction.All)
    foreach (var (name, sampler) in samplers)
    {
        var curves = new JsonArray();
        for (var seed = 0; seed < seeds; seed++)
            curves.Add(new JsonArray([.. BestSoFar(function, sampler(), seed, trials).Select(v => (JsonNode)JsonValue.Create(v))]));
        result[$"{function.Name}/{name}"] = curves;
    }
    File.WriteAllText(args[3], result.ToJsonString());
}
else
{
    var trials = int.Parse(args[1], CultureInfo.InvariantCulture);
    var function = TestFunction.Hartmann6;
    foreach (var name in new[] { "repro-tpe-univariate", "repro-tpe-multivariate" })
    {
        // Warm-up: a first study lets the JIT reach its optimised tier, so trial 100 measures the sampler, not the JIT.
        var warmUp = Create(function, samplers[name](), seed: 1);
        warmUp.Optimize(300, t => function.Evaluate(Point(function, t.Params)));
        var study = Create(function, samplers[name](), seed: 0);
        var wall = new JsonArray();
        var cpu = new JsonArray();
        var watch = new Stopwatch();
        for (var i = 0; i < trials; i++)
        {
            var cpuStart = ThreadClock.Milliseconds;
            watch.Restart();
            var trial = study.Ask()!;
            var value = function.Evaluate(Point(function, trial.Params));
            study.Tell(trial.Number, value);
            wall.Add(watch.Elapsed.TotalMilliseconds);
            cpu.Add(ThreadClock.Milliseconds - cpuStart);
        }
        result[name] = new JsonObject { ["wall"] = wall, ["cpu"] = cpu };
    }
    File.WriteAllText(args[2], result.ToJsonString());
}

static Study Create(TestFunction function, JsonNode sampler, long seed)
{
    var spaceJson = new JsonObject();
    for (var i = 0; i < function.Box.Length; i++)
        spaceJson[$"x{i}"] = string.Create(CultureInfo.InvariantCulture, $"uniform({function.Box[i].Low}, {function.Box[i].High})");
    var space = Space.Parse(spaceJson);
    return Study.CreateOrLoad(
        new InMemoryStudyStorage(),
        new StudyRecord(function.Name, StudyDirection.Minimize, seed),
        space,
        SamplerFactory.Create(sampler, space)
    );
}

static double[] Point(TestFunction function, IReadOnlyDictionary<string, object> parameters) =>
    [.. Enumerable.Range(0, function.Box.Length).Select(i => (double)parameters[$"x{i}"])];

static List<double> BestSoFar(TestFunction function, JsonNode sampler, long seed, int trials)
{
    var study = Create(function, sampler, seed);
    var best = double.PositiveInfinity;
    var curve = new List<double>();
    study.Optimize(
        trials,
        t =>
        {
            var value = function.Evaluate(Point(function, t.Params));
            best = Math.Min(best, value);
            curve.Add(best - function.Minimum);
            return value;
        }
    );
    return curve;
}
