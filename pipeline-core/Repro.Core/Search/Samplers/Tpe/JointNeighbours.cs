namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>How far each observation of a joint density is from its nearest neighbour in the joint space.</summary>
internal static class JointNeighbours
{
    /// <summary>
    /// Per observation (in trial order), the Euclidean distance to the nearest other observation over the numeric
    /// parameters, each scaled to [0, 1] by its range, divided by √d (d numeric parameters) so that it reads as a
    /// per-parameter fraction of the range; null when there are fewer than two observations or no numeric parameter.
    /// </summary>
    /// <param name="parameters">The jointly sampled parameters.</param>
    /// <param name="observations">Per parameter, the observed values (transformed numbers, or choice indices).</param>
    public static double[]? Distances(IReadOnlyList<JointParameter> parameters, double[][] observations)
    {
        var numeric = Enumerable.Range(0, parameters.Count).Where(p => parameters[p].Choices is null).ToArray();
        var n = observations.Length == 0 ? 0 : observations[0].Length;
        if (n < 2 || numeric.Length == 0)
            return null;
        // Unit-cube coordinates, observation-major, so the O(n² d) loop reads memory in order.
        var points = new double[n][];
        for (var i = 0; i < n; i++)
        {
            points[i] = new double[numeric.Length];
            for (var j = 0; j < numeric.Length; j++)
            {
                var scale = parameters[numeric[j]].Scale;
                points[i][j] = (observations[numeric[j]][i] - scale.Low) / (scale.High - scale.Low);
            }
        }
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        for (var i = 0; i < n; i++)
        {
            for (var k = i + 1; k < n; k++)
            {
                var squared = 0.0;
                for (var j = 0; j < numeric.Length; j++)
                {
                    var difference = points[i][j] - points[k][j];
                    squared += difference * difference;
                }
                nearest[i] = Math.Min(nearest[i], squared);
                nearest[k] = Math.Min(nearest[k], squared);
            }
        }
        for (var i = 0; i < n; i++)
            nearest[i] = Math.Sqrt(nearest[i] / numeric.Length);
        return nearest;
    }
}
