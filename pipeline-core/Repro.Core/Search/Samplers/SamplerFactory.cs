using System.Text.Json.Nodes;
using Repro.Core.Search.Samplers.Tpe;

namespace Repro.Core.Search.Samplers;

/// <summary>
/// Builds the sampler a search stage names: <c>sampler: tpe</c> or <c>sampler: {type: tpe, startup_trials: 5}</c>,
/// options in snake_case as in the <c>&lt;Name&gt;SamplerOptions</c> records. The default is <c>tpe</c>.
/// </summary>
public static class SamplerFactory
{
    /// <summary>Every sampler name.</summary>
    public static IReadOnlyList<string> Names { get; } = ["grid", "random", "tpe"];

    /// <summary>A sampler with default options.</summary>
    public static ISampler Create(string name, SearchSpace.SearchSpace space) => Create(JsonValue.Create(name), space);

    /// <summary>Reads a sampler; problems throw one <see cref="ReproException"/>.</summary>
    public static ISampler Create(
        JsonNode? node,
        SearchSpace.SearchSpace space,
        IReadOnlyDictionary<string, SourceLocation>? locations = null,
        string path = "with.sampler"
    )
    {
        var problems = new List<Diagnostic>();
        var reader = new OptionReader(node, path, locations, problems);
        ISampler? sampler = null;
        switch (reader.Type ?? (node is null ? "tpe" : null))
        {
            case "random":
                reader.RejectUnknown("the random sampler");
                sampler = new RandomSampler();
                break;
            case "grid":
                var grid = new GridSamplerOptions { GridPoints = reader.Int("grid_points", 1) };
                reader.RejectUnknown("the grid sampler");
                if (problems.Count == 0)
                    sampler = new GridSampler(space, grid, reader.Location);
                break;
            case "tpe":
                var d = new TpeSamplerOptions();
                var tpe = new TpeSamplerOptions
                {
                    StartupTrials = reader.Int("startup_trials", 0) ?? d.StartupTrials,
                    EiCandidates = reader.Int("ei_candidates", 1) ?? d.EiCandidates,
                    Gamma = reader.Double("gamma", 0, 1) ?? d.Gamma,
                    GammaMax = reader.Int("gamma_max", 1) ?? d.GammaMax,
                    RecentTrials = reader.Int("recent_trials", 1) ?? d.RecentTrials,
                    PriorWeight = reader.Double("prior_weight", 1e-12, double.MaxValue) ?? d.PriorWeight,
                    ConsiderPrior = reader.Bool("consider_prior") ?? d.ConsiderPrior,
                    ConsiderMagicClip = reader.Bool("consider_magic_clip") ?? d.ConsiderMagicClip,
                    ConsiderEndpoints = reader.Bool("consider_endpoints") ?? d.ConsiderEndpoints,
                    ConstantLiar = reader.Bool("constant_liar") ?? d.ConstantLiar,
                    NormalizedKernels = reader.Bool("normalized_kernels") ?? d.NormalizedKernels,
                    UnnormalizedDimensions =
                        reader.Double("unnormalized_dimensions", 0, double.PositiveInfinity) ?? d.UnnormalizedDimensions,
                    Multivariate = reader.Bool("multivariate") ?? d.Multivariate,
                    ScottBandwidth = reader.Bool("scott_bandwidth") ?? d.ScottBandwidth,
                    JointNeighbourWidths = reader.Bool("joint_neighbour_widths") ?? d.JointNeighbourWidths,
                };
                reader.RejectUnknown("the tpe sampler");
                sampler = new TpeSampler(tpe);
                break;
            default:
                problems.Add(SearchErrors.UnknownSampler(reader.Location, reader.Type ?? node?.ToJsonString() ?? ""));
                break;
        }
        if (problems.Count > 0)
            throw new ReproException(problems);
        return sampler!;
    }
}
