using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Bench.Search;
using Repro.Core.Search;
using Repro.Core.Search.Samplers;
using Repro.Core.Search.Samplers.Tpe;
using Space = Repro.Core.Search.SearchSpace.SearchSpace;

// Usage: Repro.Bench.Search quality TRIALS SEEDS OUT.json [SEED_FROM] | overhead TRIALS OUT.json
//        | sweep TRIALS SEED_FROM SEED_COUNT SAMPLER_JSON [FUNCTION...]
// quality and overhead write the same JSON shape as optuna_bench.py, so report.py can put both side by side. sweep
// prints one sampler's median regrets, for tuning on seeds other than the bench's (e.g. 1000..1059).
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
    var seedFrom = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 0;
    foreach (var function in TestFunction.All)
    foreach (var (name, sampler) in samplers)
    {
        var curves = new JsonArray();
        for (var seed = seedFrom; seed < seedFrom + seeds; seed++)
            curves.Add(new JsonArray([.. BestSoFar(function, sampler(), seed, trials).Select(v => (JsonNode)JsonValue.Create(v))]));
        result[$"{function.Name}/{name}"] = curves;
    }
    File.WriteAllText(args[3], result.ToJsonString());
}
else if (mode == "sweep")
{
    var trials = int.Parse(args[1], CultureInfo.InvariantCulture);
    var seedFrom = int.Parse(args[2], CultureInfo.InvariantCulture);
    var seedCount = int.Parse(args[3], CultureInfo.InvariantCulture);
    var names = args.Skip(5).ToHashSet();
    var checkpoints = new[] { 50, 100, 200, 500, 1000, 2000 }.Where(t => t <= trials).ToArray();
    foreach (var function in TestFunction.All.Where(f => names.Count == 0 || names.Contains(f.Name)))
    {
        var curves = Enumerable
            .Range(seedFrom, seedCount)
            .AsParallel()
            .AsOrdered()
            .Select(seed => BestSoFar(function, JsonNode.Parse(args[4])!, seed, trials))
            .ToList();
        var medians = checkpoints.Select(t => Median([.. curves.Select(c => c[t - 1])]).ToString("G4", CultureInfo.InvariantCulture));
        Console.WriteLine($"{function.Name, -13} {string.Join(" ", medians.Select(m => m.PadLeft(10)))}");
    }
}
else
{
    var trials = int.Parse(args[1], CultureInfo.InvariantCulture);
    var function = TestFunction.Hartmann6;
    foreach (var name in new[] { "repro-tpe-univariate", "repro-tpe-multivariate" })
    {
        // Warm-up: a first study lets the JIT reach its optimised tier, so the timings measure the sampler, not the JIT.
        // 300 trials were not enough: tier-1 code for the univariate estimators came in only 200-600 trials into the
        // timed study, which until then ran at 2 ms a trial, 4x its steady cost.
        var warmUp = Create(function, samplers[name](), seed: 1);
        warmUp.Optimize(1000, t => function.Evaluate(Point(function, t.Params)));
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

static double Median(double[] values)
{
    Array.Sort(values);
    var middle = values.Length / 2;
    return values.Length % 2 == 1 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
}
