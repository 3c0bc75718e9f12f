using Repro.Core.Execution;
using Repro.Core.Search.SearchSpace;

namespace Repro.Core.Search.Importance;

/// <summary>
/// How much each parameter explains of the objective's variation: fANOVA main effects (Hutter et al., 2014) of a
/// small random forest (64 trees, bootstrap samples of up to 500 trials, depth ≤ 8) fitted to the complete trials, averaged over the trees
/// and normalised to sum to 1, as Optuna's default evaluator reports them.
/// </summary>
/// <remarks>
/// Parameters are scaled to [0, 1] on their own scale (log scales in log space); a choice is its index, which a
/// tree can still separate into any grouping. Only parameters present in every complete trial take part (a
/// conditional parameter active in some trials only is left out), as in Optuna. Seeded from the study seed.
/// </remarks>
public static class ParameterImportance
{
    private const int Trees = 64;
    private const int MaxDepth = 8;
    private const int MaxRows = 500;

    /// <summary>Importance by parameter, largest first; empty with fewer than two complete trials.</summary>
    public static IReadOnlyList<KeyValuePair<string, double>> Compute(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var complete = study.CompleteTrials.ToList();
        var parameters = study.Space.Parameters.Where(p => complete.All(t => t.Params.ContainsKey(p.Name))).ToList();
        if (complete.Count < 2 || parameters.Count == 0)
            return [];
        var x = complete.Select(t => parameters.Select(p => Scale(p.Distribution, t.Params[p.Name])).ToArray()).ToArray();
        var y = complete.Select(t => t.Value!.Value).ToArray();
        var random = Seeds.CreateRandom(Seeds.ForStage(study.Seed, "search.importance"));

        var sums = new double[parameters.Count];
        for (var tree = 0; tree < Trees; tree++)
        {
            // Bootstrap samples of at most 500 rows keep a 10,000-trial study's summary well under a second.
            var rows = Enumerable.Range(0, Math.Min(y.Length, MaxRows)).Select(_ => random.Next(y.Length)).ToArray();
            var effects = RegressionTree.Fit(x, y, rows, MaxDepth, minLeaf: 1, featuresPerSplit: parameters.Count, random).MainEffects();
            for (var j = 0; j < effects.Length; j++)
                sums[j] += effects[j];
        }
        var total = sums.Sum();
        return
        [
            .. parameters
                .Select((p, j) => KeyValuePair.Create(p.Name, total > 0 ? sums[j] / total : 0.0))
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key, StringComparer.Ordinal),
        ];
    }

    private static double Scale(Distribution distribution, object value)
    {
        var v = distribution.ToInternal(value);
        return distribution switch
        {
            FloatDistribution { Log: true } f => Unit(Math.Log(v), Math.Log(f.Low), Math.Log(f.High)),
            FloatDistribution f => Unit(v, f.Low, f.High),
            IntDistribution { Log: true } i => Unit(Math.Log(v), Math.Log(i.Low), Math.Log(i.High)),
            IntDistribution i => Unit(v, i.Low, i.High),
            CategoricalDistribution c => c.Choices.Count == 1 ? 0.5 : v / (c.Choices.Count - 1),
            _ => 0.5,
        };
    }

    private static double Unit(double v, double low, double high) => high > low ? Math.Clamp((v - low) / (high - low), 0, 1) : 0.5;
}
