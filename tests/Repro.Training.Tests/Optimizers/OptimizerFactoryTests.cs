using Repro.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Optimizers;

/// <summary>
/// Each optimizer takes steps on a tiny float64 tensor with the loss ½·Σp² (so the gradient is p itself) and must land
/// where the published update rule, evaluated here by hand in doubles, says.
/// </summary>
[Collection("Torch")]
public class OptimizerFactoryTests
{
    private static readonly double[] Start = [0.5, -1.5, 2.0, 0.25];

    [Fact]
    public void Sgd_with_nesterov_momentum_and_weight_decay_follows_the_update_rule()
    {
        var (lr, mu, wd) = (0.1, 0.9, 0.01);
        var expected = Elementwise(
            2,
            p0 =>
            {
                double p = p0,
                    buf = 0;
                for (var t = 1; t <= 2; t++)
                {
                    var g = p + wd * p;
                    buf = t == 1 ? g : mu * buf + g;
                    p -= lr * (g + mu * buf);
                }
                return p;
            }
        );

        Run(
                new OptimizerSpec
                {
                    Type = "sgd",
                    Lr = lr,
                    Momentum = mu,
                    Nesterov = true,
                    WeightDecay = wd,
                },
                2
            )
            .Should()
            .Equal(expected, Close);
    }

    [Fact]
    public void Adam_follows_the_update_rule()
    {
        var expected = Elementwise(2, p0 => AdamLike(p0, 2, 0.1, 0.9, 0.999, 1e-8, l2: 0.01, decoupled: 0));

        Run(
                new OptimizerSpec
                {
                    Type = "adam",
                    Lr = 0.1,
                    WeightDecay = 0.01,
                },
                2
            )
            .Should()
            .Equal(expected, Close);
    }

    [Fact]
    public void Adamw_decays_the_weights_apart_from_the_gradient()
    {
        var expected = Elementwise(2, p0 => AdamLike(p0, 2, 0.1, 0.9, 0.999, 1e-8, l2: 0, decoupled: 0.1));

        Run(
                new OptimizerSpec
                {
                    Type = "adamw",
                    Lr = 0.1,
                    WeightDecay = 0.1,
                },
                2
            )
            .Should()
            .Equal(expected, Close);
    }

    [Fact]
    public void Rmsprop_with_momentum_follows_the_update_rule()
    {
        var (lr, alpha, mu, eps) = (0.01, 0.99, 0.5, 1e-8);
        var expected = Elementwise(
            2,
            p0 =>
            {
                double p = p0,
                    sq = 0,
                    buf = 0;
                for (var t = 1; t <= 2; t++)
                {
                    var g = p;
                    sq = alpha * sq + (1 - alpha) * g * g;
                    buf = mu * buf + g / (Math.Sqrt(sq) + eps);
                    p -= lr * buf;
                }
                return p;
            }
        );

        Run(
                new OptimizerSpec
                {
                    Type = "rmsprop",
                    Lr = lr,
                    Momentum = mu,
                },
                2
            )
            .Should()
            .Equal(expected, Close);
    }

    [Fact]
    public void Adagrad_follows_the_update_rule()
    {
        var (lr, eps) = (0.1, 1e-10);
        var expected = Elementwise(
            2,
            p0 =>
            {
                double p = p0,
                    sum = 0;
                for (var t = 1; t <= 2; t++)
                {
                    sum += p * p;
                    p -= lr * p / (Math.Sqrt(sum) + eps);
                }
                return p;
            }
        );

        Run(new OptimizerSpec { Type = "adagrad", Lr = lr }, 2).Should().Equal(expected, Close);
    }

    [Fact]
    public void Nadam_follows_the_update_rule_with_momentum_decay()
    {
        var (lr, b1, b2, eps, psi) = (0.01, 0.9, 0.999, 1e-8, 0.004);
        var expected = Elementwise(
            2,
            p0 =>
            {
                double p = p0,
                    m = 0,
                    v = 0,
                    product = 1;
                for (var t = 1; t <= 2; t++)
                {
                    var g = p;
                    var mu = b1 * (1 - 0.5 * Math.Pow(0.96, t * psi));
                    var muNext = b1 * (1 - 0.5 * Math.Pow(0.96, (t + 1) * psi));
                    product *= mu;
                    m = b1 * m + (1 - b1) * g;
                    v = b2 * v + (1 - b2) * g * g;
                    var denominator = Math.Sqrt(v / (1 - Math.Pow(b2, t))) + eps;
                    p -= lr * (1 - mu) / (1 - product) * g / denominator + lr * muNext / (1 - product * muNext) * m / denominator;
                }
                return p;
            }
        );

        Run(new OptimizerSpec { Type = "nadam", Lr = lr }, 2).Should().Equal(expected, Close);
    }

    [Fact]
    public void Radam_takes_plain_momentum_steps_then_rectified_adaptive_ones()
    {
        // Seven steps: the variance of the adaptive rate becomes tractable (ρₜ > 5) at step 6.
        var (lr, b1, b2, eps) = (0.01, 0.9, 0.999, 1e-8);
        var rhoInf = 2 / (1 - b2) - 1;
        var expected = Elementwise(
            7,
            p0 =>
            {
                double p = p0,
                    m = 0,
                    v = 0;
                for (var t = 1; t <= 7; t++)
                {
                    var g = p;
                    m = b1 * m + (1 - b1) * g;
                    v = b2 * v + (1 - b2) * g * g;
                    var mHat = m / (1 - Math.Pow(b1, t));
                    var rho = rhoInf - 2 * t * Math.Pow(b2, t) / (1 - Math.Pow(b2, t));
                    if (rho > 5)
                    {
                        var r = Math.Sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
                        p -= lr * r * mHat / (Math.Sqrt(v / (1 - Math.Pow(b2, t))) + eps);
                    }
                    else
                    {
                        p -= lr * mHat;
                    }
                }
                return p;
            }
        );

        Run(new OptimizerSpec { Type = "radam", Lr = lr }, 7).Should().Equal(expected, Close);
    }

    [Fact]
    public void Lamb_scales_the_adam_direction_by_the_layer_trust_ratio()
    {
        var (lr, b1, b2, eps, wd) = (0.1, 0.9, 0.999, 1e-6, 0.01);
        var p = (double[])Start.Clone();
        var (m, v) = (new double[p.Length], new double[p.Length]);
        for (var t = 1; t <= 2; t++)
        {
            var r = new double[p.Length];
            for (var i = 0; i < p.Length; i++)
            {
                m[i] = b1 * m[i] + (1 - b1) * p[i];
                v[i] = b2 * v[i] + (1 - b2) * p[i] * p[i];
                r[i] = m[i] / (1 - Math.Pow(b1, t)) / (Math.Sqrt(v[i] / (1 - Math.Pow(b2, t))) + eps) + wd * p[i];
            }
            var trust = Norm(p) / Norm(r);
            for (var i = 0; i < p.Length; i++)
                p[i] -= lr * trust * r[i];
        }

        Run(
                new OptimizerSpec
                {
                    Type = "lamb",
                    Lr = lr,
                    WeightDecay = wd,
                },
                2
            )
            .Should()
            .Equal(p, Close);
    }

    [Fact]
    public void Adafactor_keeps_factored_moments_for_a_matrix_and_clips_its_update()
    {
        // A 2×2 parameter: row and column second-moment vectors, rank-1 reconstruction, RMS clipping, relative step.
        var (lr, eps1, eps2, d) = (0.1, 1e-30, 1e-3, 1.0);
        double[,] p =
        {
            { 0.5, -1.5 },
            { 2.0, 0.25 },
        };
        double[] row = new double[2],
            col = new double[2];
        for (var t = 1; t <= 2; t++)
        {
            var beta2 = 1 - Math.Pow(t, -0.8);
            var rho = Math.Min(lr, 1 / Math.Sqrt(t));
            var rms = Math.Sqrt((p[0, 0] * p[0, 0] + p[0, 1] * p[0, 1] + p[1, 0] * p[1, 0] + p[1, 1] * p[1, 1]) / 4);
            var alpha = Math.Max(eps2, rms) * rho;
            for (var i = 0; i < 2; i++)
                row[i] += (1 - beta2) * ((p[i, 0] * p[i, 0] + p[i, 1] * p[i, 1]) / 2 - row[i]);
            for (var j = 0; j < 2; j++)
                col[j] += (1 - beta2) * ((p[0, j] * p[0, j] + p[1, j] * p[1, j]) / 2 - col[j]);
            var rowMean = (row[0] + row[1]) / 2;
            var u = new double[2, 2];
            double sumSq = 0;
            for (var i = 0; i < 2; i++)
            {
                for (var j = 0; j < 2; j++)
                {
                    u[i, j] = p[i, j] / Math.Sqrt(Math.Max(row[i] * col[j] / rowMean, eps1 * eps1));
                    sumSq += u[i, j] * u[i, j];
                }
            }
            var clip = Math.Max(1, Math.Sqrt(sumSq) / (2 * d));
            for (var i = 0; i < 2; i++)
            for (var j = 0; j < 2; j++)
                p[i, j] -= alpha / clip * u[i, j];
        }

        Run(new OptimizerSpec { Type = "adafactor", Lr = lr }, 2, [2, 2]).Should().Equal([p[0, 0], p[0, 1], p[1, 0], p[1, 1]], Close);
    }

    [Fact]
    public void Defaults_are_filled_in_for_what_each_type_reads_and_nothing_else()
    {
        var sgd = new OptimizerSpec { Type = "sgd" }.Resolve();
        var adamw = new OptimizerSpec { Type = "adamw", Lr = 0.5 }.Resolve();

        sgd.Should()
            .BeEquivalentTo(
                new OptimizerSpec
                {
                    Type = "sgd",
                    Lr = 0.01,
                    Momentum = 0,
                    Nesterov = false,
                    WeightDecay = 0,
                }
            );
        adamw
            .Should()
            .BeEquivalentTo(
                new OptimizerSpec
                {
                    Type = "adamw",
                    Lr = 0.5,
                    WeightDecay = 0.01,
                    Beta1 = 0.9,
                    Beta2 = 0.999,
                    Eps = 1e-8,
                }
            );
    }

    private static double AdamLike(double p, int steps, double lr, double b1, double b2, double eps, double l2, double decoupled)
    {
        double m = 0,
            v = 0;
        for (var t = 1; t <= steps; t++)
        {
            var g = p + l2 * p;
            p *= 1 - lr * decoupled;
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            p -= lr / (1 - Math.Pow(b1, t)) * m / (Math.Sqrt(v) / Math.Sqrt(1 - Math.Pow(b2, t)) + eps);
        }
        return p;
    }

    private static double[] Elementwise(int steps, Func<double, double> rule) => [.. Start.Select(rule)];

    private static double Norm(double[] x) => Math.Sqrt(x.Sum(a => a * a));

    private static bool Close(double actual, double expected) => Math.Abs(actual - expected) <= 1e-12 + 1e-10 * Math.Abs(expected);

    private static double[] Run(OptimizerSpec spec, int steps, long[]? shape = null)
    {
        using var scope = NewDisposeScope();
        var parameter = new TorchSharp.Modules.Parameter(tensor(Start, float64).reshape(shape ?? [Start.Length]));
        using var optimizer = OptimizerFactory.Create(spec, [parameter]);
        for (var i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            var loss = parameter.square().sum() * 0.5;
            loss.backward();
            optimizer.step();
        }
        return parameter.detach().reshape(-1).data<double>().ToArray();
    }
}
