using System.Globalization;
using Repro.Core.Execution;

namespace Repro.Tool.Reports;

/// <summary>
/// Parameter importance as the mean decrease in impurity of a random forest regressing the objective on the parameters:
/// what Optuna's <c>MeanDecreaseImpurityImportanceEvaluator</c> computes (scikit-learn's forest with 64 trees, every
/// feature at each split, bootstrap samples). Chosen over fANOVA because it needs only the forest's split gains, not
/// the marginal-variance decomposition over the whole space, and it ranks parameters the same way on the studies we
/// draw; Microsoft.ML.FastTree would bring a large dependency for one chart. Seeded, so a report is reproducible.
/// </summary>
public static class ParamImportanceEstimator
{
    /// <summary>Trees in the forest (Optuna's default).</summary>
    public const int Trees = 64;

    private const int MaxDepth = 64;

    /// <summary>A sentence for the report on how the importances were computed.</summary>
    public const string Method =
        "mean decrease in impurity of a 64-tree random forest regressing the objective on the parameters (complete trials; as Optuna's MeanDecreaseImpurityImportanceEvaluator)";

    /// <summary>Importances of each parameter (summing to 1, largest first), from the complete trials; empty with fewer than two.</summary>
    public static IReadOnlyList<ParamImportance> Estimate(IReadOnlyList<ReportTrial> trials, long seed)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var complete = trials.Where(t => t.State == ReportTrialState.Complete && t.Value is { } v && double.IsFinite(v)).ToList();
        var names = complete.SelectMany(t => t.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (complete.Count < 2 || names.Count == 0)
            return [];
        var x = Encode(complete, names);
        var y = complete.Select(t => t.Value!.Value).ToArray();
        var total = new double[names.Count];
        var random = Seeds.CreateRandom(seed);
        for (var tree = 0; tree < Trees; tree++)
        {
            var sample = Enumerable.Range(0, y.Length).Select(_ => random.Next(y.Length)).ToArray();
            var gains = new double[names.Count];
            Grow(x, y, sample, 0, gains);
            var sum = gains.Sum();
            if (sum > 0)
                for (var f = 0; f < gains.Length; f++)
                    total[f] += gains[f] / sum;
        }
        var all = total.Sum();
        return
        [
            .. names
                .Select((name, f) => new ParamImportance(name, all > 0 ? total[f] / all : 1.0 / names.Count))
                .OrderByDescending(i => i.Importance)
                .ThenBy(i => i.Param, StringComparer.Ordinal),
        ];
    }

    // Numbers as they are (a tree only needs their order); choices by their index in sorted order; an inactive
    // conditional parameter below every value, so "absent" is a side of a split like any other.
    private static double[][] Encode(IReadOnlyList<ReportTrial> trials, IReadOnlyList<string> names)
    {
        var columns = names
            .Select(name =>
            {
                var values = trials.Select(t => t.Params.GetValueOrDefault(name)).ToList();
                if (values.All(v => v is null or double or float or long or int))
                {
                    var numbers = values.Select(v => v is null ? double.NaN : Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToArray();
                    var floor = numbers.Where(double.IsFinite).DefaultIfEmpty(0).Min() - 1;
                    return numbers.Select(n => double.IsNaN(n) ? floor : n).ToArray();
                }
                var categories = values
                    .Where(v => v is not null)
                    .Select(StudySummary.Show)
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                return values.Select(v => v is null ? -1.0 : categories.IndexOf(StudySummary.Show(v))).ToArray();
            })
            .ToArray();
        return [.. Enumerable.Range(0, trials.Count).Select(i => columns.Select(c => c[i]).ToArray())];
    }

    private static void Grow(double[][] x, double[] y, int[] rows, int depth, double[] gains)
    {
        if (rows.Length < 2 || depth >= MaxDepth)
            return;
        var (nodeSum, nodeSquares) = Moments(y, rows);
        var nodeImpurity = nodeSquares - nodeSum * nodeSum / rows.Length;
        if (nodeImpurity <= 1e-12 * Math.Max(1, Math.Abs(nodeSquares)))
            return;
        var bestGain = 0.0;
        var bestFeature = -1;
        var bestThreshold = 0.0;
        for (var f = 0; f < gains.Length; f++)
        {
            var sorted = rows.OrderBy(r => x[r][f]).ToArray();
            double leftSum = 0,
                leftSquares = 0;
            for (var i = 0; i < sorted.Length - 1; i++)
            {
                var v = y[sorted[i]];
                leftSum += v;
                leftSquares += v * v;
                if (x[sorted[i]][f] == x[sorted[i + 1]][f])
                    continue;
                var n = i + 1;
                var m = sorted.Length - n;
                var rightSum = nodeSum - leftSum;
                var rightSquares = nodeSquares - leftSquares;
                var gain = nodeImpurity - (leftSquares - leftSum * leftSum / n) - (rightSquares - rightSum * rightSum / m);
                if (gain > bestGain)
                    (bestGain, bestFeature, bestThreshold) = (gain, f, (x[sorted[i]][f] + x[sorted[i + 1]][f]) / 2);
            }
        }
        if (bestFeature < 0)
            return;
        gains[bestFeature] += bestGain;
        Grow(x, y, [.. rows.Where(r => x[r][bestFeature] <= bestThreshold)], depth + 1, gains);
        Grow(x, y, [.. rows.Where(r => x[r][bestFeature] > bestThreshold)], depth + 1, gains);
    }

    private static (double Sum, double Squares) Moments(double[] y, int[] rows)
    {
        double sum = 0,
            squares = 0;
        foreach (var r in rows)
        {
            sum += y[r];
            squares += y[r] * y[r];
        }
        return (sum, squares);
    }
}
