using System.Text.Json.Nodes;

namespace Repro.Core.Search.Pruners;

/// <summary>
/// Builds the pruner a search stage names: <c>pruner: median</c> or <c>pruner: {type: asha, reduction_factor: 3}</c>,
/// options in snake_case as in the <c>&lt;Name&gt;PrunerOptions</c> records. The default is <c>none</c>.
/// </summary>
public static class PrunerFactory
{
    /// <summary>Every pruner name (<c>successive_halving</c> is accepted for <c>asha</c>).</summary>
    public static IReadOnlyList<string> Names { get; } = ["none", "median", "asha", "hyperband"];

    /// <summary>A pruner with default options.</summary>
    public static IPruner Create(string name) => Create(JsonValue.Create(name));

    /// <summary>Reads a pruner; problems throw one <see cref="ReproException"/>.</summary>
    public static IPruner Create(JsonNode? node, IReadOnlyDictionary<string, SourceLocation>? locations = null, string path = "with.pruner")
    {
        var problems = new List<Diagnostic>();
        var reader = new OptionReader(node, path, locations, problems);
        IPruner? pruner = null;
        switch (reader.Type ?? (node is null ? "none" : null))
        {
            case "none":
                reader.RejectUnknown("pruner none");
                pruner = new NopPruner();
                break;
            case "median":
                var m = new MedianPrunerOptions();
                pruner = new MedianPruner(
                    new MedianPrunerOptions
                    {
                        StartupTrials = reader.Int("startup_trials", 0) ?? m.StartupTrials,
                        WarmupSteps = reader.Int("warmup_steps", 0) ?? m.WarmupSteps,
                        IntervalSteps = reader.Int("interval_steps", 1) ?? m.IntervalSteps,
                        MinTrials = reader.Int("min_trials", 1) ?? m.MinTrials,
                    }
                );
                reader.RejectUnknown("the median pruner");
                break;
            case "asha":
            case "successive_halving":
                var a = new SuccessiveHalvingPrunerOptions();
                pruner = new SuccessiveHalvingPruner(
                    new SuccessiveHalvingPrunerOptions
                    {
                        MinResource = reader.Int("min_resource", 1) ?? a.MinResource,
                        ReductionFactor = reader.Int("reduction_factor", 2) ?? a.ReductionFactor,
                        MinEarlyStoppingRate = reader.Int("min_early_stopping_rate", 0) ?? a.MinEarlyStoppingRate,
                        BootstrapCount = reader.Int("bootstrap_count", 0) ?? a.BootstrapCount,
                    }
                );
                reader.RejectUnknown("the asha pruner");
                break;
            case "hyperband":
                var h = new HyperbandPrunerOptions();
                pruner = new HyperbandPruner(
                    new HyperbandPrunerOptions
                    {
                        MinResource = reader.Int("min_resource", 1) ?? h.MinResource,
                        MaxResource = reader.Int("max_resource", 1) ?? h.MaxResource,
                        ReductionFactor = reader.Int("reduction_factor", 2) ?? h.ReductionFactor,
                        BootstrapCount = reader.Int("bootstrap_count", 0) ?? h.BootstrapCount,
                    }
                );
                reader.RejectUnknown("the hyperband pruner");
                break;
            default:
                problems.Add(SearchErrors.UnknownPruner(reader.Location, reader.Type ?? node?.ToJsonString() ?? ""));
                break;
        }
        if (problems.Count > 0)
            throw new ReproException(problems);
        return pruner!;
    }
}
