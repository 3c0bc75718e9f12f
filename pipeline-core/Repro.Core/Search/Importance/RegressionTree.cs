namespace Repro.Core.Search.Importance;

/// <summary>
/// A CART regression tree over features scaled to [0, 1]: splits minimise the summed squared error; leaves keep the
/// mean. Each leaf also keeps its box (the feature ranges it covers), which the fANOVA decomposition integrates over.
/// </summary>
internal sealed class RegressionTree
{
    private readonly List<Leaf> leaves = [];

    private RegressionTree() { }

    public IReadOnlyList<Leaf> Leaves => leaves;

    /// <summary>The split thresholds used on each feature.</summary>
    public List<double>[] Splits { get; private set; } = [];

    public static RegressionTree Fit(double[][] x, double[] y, int[] rows, int maxDepth, int minLeaf, int featuresPerSplit, Random random)
    {
        var features = x[0].Length;
        var tree = new RegressionTree { Splits = [.. Enumerable.Range(0, features).Select(_ => new List<double>())] };
        var lows = new double[features];
        var highs = Enumerable.Repeat(1.0, features).ToArray();
        tree.Grow(x, y, rows, 0, maxDepth, minLeaf, featuresPerSplit, random, lows, highs);
        return tree;
    }

    private void Grow(
        double[][] x,
        double[] y,
        int[] rows,
        int depth,
        int maxDepth,
        int minLeaf,
        int featuresPerSplit,
        Random random,
        double[] lows,
        double[] highs
    )
    {
        var mean = rows.Average(r => y[r]);
        if (depth >= maxDepth || rows.Length < 2 * minLeaf || rows.All(r => y[r] == y[rows[0]]))
        {
            leaves.Add(new Leaf((double[])lows.Clone(), (double[])highs.Clone(), mean));
            return;
        }
        var features = x[0].Length;
        var candidates = Enumerable.Range(0, features).OrderBy(_ => random.Next()).Take(featuresPerSplit);
        var (bestFeature, bestThreshold, bestError) = (-1, 0.0, double.PositiveInfinity);
        var order = new (double Key, int Position)[rows.Length];
        var sorted = new int[rows.Length];
        foreach (var feature in candidates)
        {
            // The rows by their value of the feature, ties in row order (as a stable sort): an array sort rather than
            // LINQ's OrderBy, which made importances the slowest part of a 10,000-trial study's summary.
            for (var i = 0; i < rows.Length; i++)
                order[i] = (x[rows[i]][feature], i);
            Array.Sort(order, static (a, b) => a.Key.CompareTo(b.Key) is var c && c != 0 ? c : a.Position.CompareTo(b.Position));
            for (var i = 0; i < rows.Length; i++)
                sorted[i] = rows[order[i].Position];
            double leftSum = 0,
                leftSquares = 0;
            double totalSum = sorted.Sum(r => y[r]),
                totalSquares = sorted.Sum(r => y[r] * y[r]);
            for (var i = 0; i < sorted.Length - 1; i++)
            {
                var v = y[sorted[i]];
                leftSum += v;
                leftSquares += v * v;
                var left = i + 1;
                var right = sorted.Length - left;
                var a = x[sorted[i]][feature];
                var b = x[sorted[i + 1]][feature];
                if (a == b || left < minLeaf || right < minLeaf)
                    continue;
                var error =
                    (leftSquares - (leftSum * leftSum / left))
                    + (totalSquares - leftSquares - ((totalSum - leftSum) * (totalSum - leftSum) / right));
                if (error < bestError)
                    (bestFeature, bestThreshold, bestError) = (feature, (a + b) / 2, error);
            }
        }
        if (bestFeature < 0)
        {
            leaves.Add(new Leaf((double[])lows.Clone(), (double[])highs.Clone(), mean));
            return;
        }
        Splits[bestFeature].Add(bestThreshold);
        var (oldLow, oldHigh) = (lows[bestFeature], highs[bestFeature]);
        highs[bestFeature] = bestThreshold;
        Grow(
            x,
            y,
            [.. rows.Where(r => x[r][bestFeature] <= bestThreshold)],
            depth + 1,
            maxDepth,
            minLeaf,
            featuresPerSplit,
            random,
            lows,
            highs
        );
        highs[bestFeature] = oldHigh;
        lows[bestFeature] = bestThreshold;
        Grow(
            x,
            y,
            [.. rows.Where(r => x[r][bestFeature] > bestThreshold)],
            depth + 1,
            maxDepth,
            minLeaf,
            featuresPerSplit,
            random,
            lows,
            highs
        );
        lows[bestFeature] = oldLow;
    }

    /// <summary>
    /// The fraction of the tree's variance (over the uniform measure on the unit box) explained by each feature alone:
    /// the first-order fANOVA terms (Hutter, Hoos and Leyton-Brown, ICML 2014).
    /// </summary>
    public double[] MainEffects()
    {
        var features = Splits.Length;
        var effects = new double[features];
        double mean = 0,
            squares = 0;
        foreach (var leaf in leaves)
        {
            var volume = leaf.Volume;
            mean += volume * leaf.Value;
            squares += volume * leaf.Value * leaf.Value;
        }
        var total = squares - (mean * mean);
        if (total <= 1e-15)
            return effects;
        for (var j = 0; j < features; j++)
        {
            // The tree's splits on feature j cut [0, 1] into cells where the marginal f_j is constant.
            var cuts = Splits[j].Append(0.0).Append(1.0).Distinct().Order().ToArray();
            double variance = 0;
            for (var c = 0; c < cuts.Length - 1; c++)
            {
                var (lo, hi) = (cuts[c], cuts[c + 1]);
                var marginal = 0.0;
                foreach (var leaf in leaves)
                    if (leaf.Lows[j] <= lo && leaf.Highs[j] >= hi)
                        marginal += leaf.Value * leaf.Volume / (leaf.Highs[j] - leaf.Lows[j]);
                variance += (hi - lo) * marginal * marginal;
            }
            effects[j] = Math.Max(0, variance - (mean * mean)) / total;
        }
        return effects;
    }

    internal sealed record Leaf(double[] Lows, double[] Highs, double Value)
    {
        public double Volume
        {
            get
            {
                var volume = 1.0;
                for (var i = 0; i < Lows.Length; i++)
                    volume *= Highs[i] - Lows[i];
                return volume;
            }
        }
    }
}
