namespace Repro.Bench.Search;

/// <summary>A standard optimisation test function: its box, its known minimum, and how to evaluate it.</summary>
internal sealed record TestFunction(string Name, (double Low, double High)[] Box, double Minimum, Func<double[], double> Evaluate)
{
    public static IReadOnlyList<TestFunction> All { get; } = [Branin, Hartmann6, Rosenbrock10];

    // Definitions and minima as in Surjanovic & Bingham's Virtual Library of Simulation Experiments.
    public static TestFunction Branin =>
        new(
            "branin",
            [(-5, 10), (0, 15)],
            0.397887357729738,
            x =>
            {
                const double b = 5.1 / (4 * Math.PI * Math.PI),
                    c = 5 / Math.PI,
                    t = 1 / (8 * Math.PI);
                return Math.Pow(x[1] - (b * x[0] * x[0]) + (c * x[0]) - 6, 2) + (10 * (1 - t) * Math.Cos(x[0])) + 10;
            }
        );

    private static readonly double[] HartmannAlpha = [1.0, 1.2, 3.0, 3.2];
    private static readonly double[,] HartmannA =
    {
        { 10, 3, 17, 3.5, 1.7, 8 },
        { 0.05, 10, 17, 0.1, 8, 14 },
        { 3, 3.5, 1.7, 10, 17, 8 },
        { 17, 8, 0.05, 10, 0.1, 14 },
    };
    private static readonly double[,] HartmannP =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 },
        { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 },
        { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    public static TestFunction Hartmann6 =>
        new(
            "hartmann6",
            [.. Enumerable.Repeat((0.0, 1.0), 6)],
            -3.32236801141551,
            x =>
            {
                var sum = 0.0;
                for (var i = 0; i < 4; i++)
                {
                    var inner = 0.0;
                    for (var j = 0; j < 6; j++)
                        inner += HartmannA[i, j] * Math.Pow(x[j] - HartmannP[i, j], 2);
                    sum += HartmannAlpha[i] * Math.Exp(-inner);
                }
                return -sum;
            }
        );

    public static TestFunction Rosenbrock10 =>
        new(
            "rosenbrock10",
            [.. Enumerable.Repeat((-5.0, 10.0), 10)],
            0,
            x =>
            {
                var sum = 0.0;
                for (var i = 0; i < x.Length - 1; i++)
                    sum += (100 * Math.Pow(x[i + 1] - (x[i] * x[i]), 2)) + Math.Pow(1 - x[i], 2);
                return sum;
            }
        );
}
