using Repro.Core.Search.Samplers.Tpe;
using Repro.Core.Search.SearchSpace;

namespace Repro.Core.Tests.Search.Samplers.Tpe;

/// <summary>The densities TPE compares, checked against Optuna 3.1's <c>_ParzenEstimator</c> on the same observations.</summary>
public class ParzenEstimatorTests
{
    private static readonly SearchParameter[] Parameters =
    [
        new("x", new FloatDistribution(-5, 10, false), []),
        new("lr", new FloatDistribution(1e-4, 1e-1, true), []),
        new("layers", new IntDistribution(1, 6, false), []),
        new("batch", new IntDistribution(16, 512, true), []),
        new("opt", new CategoricalDistribution(["sgd", "adam", "rmsprop"]), []),
    ];

    // Four observations and three points, as internal values (choice indices for "opt").
    private static readonly double[][] Observed =
    [
        [1.0, 2.5, -3.0, 7.0],
        [1e-3, 3e-3, 5e-2, 2e-4],
        [2, 3, 3, 6],
        [32, 64, 500, 16],
        [0, 1, 1, 2],
    ];
    private static readonly double[][] Points =
    [
        [2.0, -4.5, 9.0],
        [2e-3, 1e-4, 0.05],
        [3, 1, 6],
        [48, 16, 256],
        [1, 0, 2],
    ];

    private static JointParameter Joint(SearchParameter p) =>
        p.Distribution is CategoricalDistribution c ? new(p, default, c.Choices.Count) : new(p, NumericScale.For(p.Distribution), null);

    private static double[] Transformed(JointParameter p, double[] values) =>
        p.Choices is null ? [.. values.Select(p.Scale.Forward)] : values;

    [Fact]
    public void Each_univariate_density_is_optunas()
    {
        // Optuna 3.1.0, _ParzenEstimator(multivariate=False) per parameter, log_pdf at the points.
        double[][] expected =
        [
            [-0.73108438189134, -1.0970297418538413, -1.195265094194335],
            [-0.7467307951398353, -1.0909538133502346, -1.087079497854744],
            [-1.3164125694265802, -2.15584299790913, -2.404142392477776],
            [-0.7587901487357186, -0.8463008935778679, -1.0100322783940776],
            [-0.8754687373538997, -1.232143681292632, -1.2321436812926323],
        ];
        var options = new TpeSamplerOptions();

        for (var p = 0; p < Parameters.Length; p++)
        {
            var joint = Joint(Parameters[p]);
            Func<double, double> logPdf;
            if (joint.Choices is { } choices)
            {
                var categorical = new CategoricalParzenEstimator([.. Observed[p].Select(v => (int)v)], choices, options);
                logPdf = v => categorical.LogPdf((int)v);
            }
            else
                logPdf = new NumericalParzenEstimator(Transformed(joint, Observed[p]), joint.Scale, options).LogPdf;
            var actual = Transformed(joint, Points[p]).Select(logPdf);

            actual.Should().Equal(expected[p], (a, e) => Math.Abs(a - e) < 1e-6, Parameters[p].Name);
        }
    }

    [Fact]
    public void With_scotts_bandwidth_the_joint_density_is_optunas_multivariate_one()
    {
        // Optuna 3.1.0, _ParzenEstimator(multivariate=True) over all five parameters, log_pdf at the points.
        double[] expected = [-4.129206716876378, -4.7753470291443305, -4.642890327216935];
        var joint = Parameters.Select(Joint).ToList();
        var estimator = new MultivariateParzenEstimator(
            joint,
            [.. joint.Select((p, i) => Transformed(p, Observed[i]))],
            new TpeSamplerOptions { ScottBandwidth = true, UnnormalizedDimensions = double.PositiveInfinity },
            jointWidths: false
        );

        var actual = Enumerable
            .Range(0, expected.Length)
            .Select(k => estimator.LogPdf([.. joint.Select((p, i) => Transformed(p, [Points[i][k]])[0])]));

        actual.Should().Equal(expected, (a, e) => Math.Abs(a - e) < 1e-6);
    }

    [Fact]
    public void A_joint_density_over_one_parameter_is_the_univariate_density()
    {
        // Without Scott's rule a joint kernel is as wide, in each parameter, as the univariate kernel.
        var options = new TpeSamplerOptions();
        foreach (var p in Enumerable.Range(0, Parameters.Length).Where(p => Parameters[p].Distribution is not CategoricalDistribution))
        {
            var joint = Joint(Parameters[p]);
            var univariate = new NumericalParzenEstimator(Transformed(joint, Observed[p]), joint.Scale, options);
            var multivariate = new MultivariateParzenEstimator([joint], [Transformed(joint, Observed[p])], options, jointWidths: false);

            var points = Transformed(joint, Points[p]);

            points
                .Select(x => multivariate.LogPdf([x]))
                .Should()
                .Equal(points.Select(univariate.LogPdf), (a, e) => Math.Abs(a - e) < 1e-12);
        }
    }

    [Fact]
    public void Joint_neighbour_distances_are_unit_cube_distances_per_parameter_and_ignore_choices()
    {
        // x in [-5, 10], opt categorical: (0, 0), (3, 0) and (10, 0) in unit-cube x, d = 1 numeric parameter.
        var joint = new[] { Parameters[0], Parameters[4] }.Select(Joint).ToList();
        var distances = JointNeighbours.Distances(
            joint,
            [
                [-5.0, -2.0, 10.0],
                [0, 2, 1],
            ]
        );

        distances.Should().Equal([3.0 / 15, 3.0 / 15, 12.0 / 15], (a, e) => Math.Abs(a - e) < 1e-12);
        JointNeighbours
            .Distances(
                joint,
                [
                    [1.0],
                    [0],
                ]
            )
            .Should()
            .BeNull();
    }

    [Fact]
    public void Joint_neighbour_widths_narrow_a_cluster_of_good_points_and_widen_an_isolated_one()
    {
        // Two parameters on [0, 1], no prior kernel: three points close together in the plane and one far from them.
        // Along x0 all four are 0.02 apart; along x1 the cluster's top point has the isolated one as its farther neighbour.
        var joint = Enumerable.Range(0, 2).Select(i => Joint(new($"x{i}", new FloatDistribution(0, 1, false), []))).ToList();
        double[][] observed =
        [
            [0.40, 0.42, 0.44, 0.46],
            [0.40, 0.42, 0.44, 0.90],
        ];
        var options = new TpeSamplerOptions { ConsiderMagicClip = false };
        var distances = JointNeighbours.Distances(joint, observed)!;
        NumericKernels Widths(int p, double[]? jointDistances) =>
            NumericKernels.Adaptive(observed[p], joint[p].Scale, considerPrior: false, options, jointDistances);

        // The isolated point's kernel widens along x0, where per axis it looked as crowded as the cluster ...
        Widths(0, distances).Sigmas[3].Should().BeGreaterThan(2 * Widths(0, null).Sigmas[3]);
        // ... and the cluster's top point's kernel narrows along x1, where per axis it looked isolated.
        Widths(1, distances).Sigmas[2].Should().BeLessThan(Widths(1, null).Sigmas[2] / 2);
    }

    [Fact]
    public void A_joint_density_with_normalised_kernels_integrates_to_one()
    {
        var joint = Parameters.Take(2).Select(Joint).ToList();
        var estimator = new MultivariateParzenEstimator(
            joint,
            [.. joint.Select((p, i) => Transformed(p, Observed[i]))],
            new TpeSamplerOptions { NormalizedKernels = true },
            jointWidths: true
        );
        const int Cells = 200;
        var (x, lr) = (joint[0].Scale, joint[1].Scale);
        var (dx, dlr) = ((x.High - x.Low) / Cells, (lr.High - lr.Low) / Cells);

        var mass = 0.0;
        for (var i = 0; i < Cells; i++)
        for (var j = 0; j < Cells; j++)
            mass += Math.Exp(estimator.LogPdf([x.Low + ((i + 0.5) * dx), lr.Low + ((j + 0.5) * dlr)])) * dx * dlr;

        mass.Should().BeApproximately(1.0, 1e-3);
    }

    [Theory]
    [InlineData(2.0, 1.0 / 3)]
    [InlineData(1.5, 0.5)]
    [InlineData(0.0, 1.0)]
    [InlineData(3.0, 0.0)]
    public void A_joint_density_keeps_the_normalisation_beyond_its_unnormalized_dimensions(double dimensions, double kept)
    {
        // One kernel and no prior, over three continuous parameters: the density is one product of normals, so keeping
        // σ^kept of each normalisation moves its log density that fraction of the way to the normalised one.
        var joint = new SearchParameter[] { Parameters[0], Parameters[1], new("y", new FloatDistribution(0, 1, false), []) }
            .Select(Joint)
            .ToList();
        double LogPdf(TpeSamplerOptions options) =>
            new MultivariateParzenEstimator(
                joint,
                [
                    [2.0],
                    [Math.Log(1e-3)],
                    [0.3],
                ],
                options with
                {
                    ConsiderPrior = false,
                },
                jointWidths: false
            ).LogPdf([1.0, Math.Log(3e-3), 0.6]);
        var raw = LogPdf(new TpeSamplerOptions { UnnormalizedDimensions = double.PositiveInfinity });
        var normalised = LogPdf(new TpeSamplerOptions { NormalizedKernels = true });

        LogPdf(new TpeSamplerOptions { UnnormalizedDimensions = dimensions })
            .Should()
            .BeApproximately(raw + (kept * (normalised - raw)), 1e-12);
        normalised.Should().NotBeApproximately(raw, 0.1);
    }

    [Fact]
    public void A_two_parameter_joint_density_is_left_unnormalised_by_default()
    {
        var joint = Parameters.Take(2).Select(Joint).ToList();
        double[][] observed = [.. joint.Select((p, i) => Transformed(p, Observed[i]))];
        var byDefault = new MultivariateParzenEstimator(joint, observed, new TpeSamplerOptions(), jointWidths: true);
        var raw = new MultivariateParzenEstimator(
            joint,
            observed,
            new TpeSamplerOptions { UnnormalizedDimensions = double.PositiveInfinity },
            jointWidths: true
        );

        var points = Enumerable.Range(0, 3).Select(k => new[] { Transformed(joint[0], Points[0])[k], Transformed(joint[1], Points[1])[k] });
        points.Select(byDefault.LogPdf).Should().Equal(points.Select(raw.LogPdf));
    }
}
