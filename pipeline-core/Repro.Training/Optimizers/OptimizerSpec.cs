namespace Repro.Training.Optimizers;

/// <summary>
/// The <c>with.optimizer</c> arguments. Unset values take the optimizer's usual default (PyTorch's, or the paper's
/// for lamb and adafactor) in <see cref="Resolve"/>, and the resolved spec is what a run records.
/// </summary>
public sealed record OptimizerSpec
{
    /// <summary>sgd, adam, adamw, rmsprop, adagrad, radam, nadam, lamb or adafactor. <value>The default is adam.</value></summary>
    public string Type { get; init; } = "adam";

    /// <summary>Learning rate. <value>The default is 0.01 for sgd, rmsprop and adagrad, 0.002 for radam and nadam, 0.001 otherwise.</value></summary>
    public double? Lr { get; init; }

    /// <summary>sgd, rmsprop: momentum. <value>The default is 0.</value></summary>
    public double? Momentum { get; init; }

    /// <summary>sgd: Nesterov momentum. <value>The default is false.</value></summary>
    public bool? Nesterov { get; init; }

    /// <summary>Weight decay: L2 added to the gradient, decoupled for adamw, lamb and adafactor. <value>The default is 0.01 for adamw and lamb, 0 otherwise.</value></summary>
    public double? WeightDecay { get; init; }

    /// <summary>adam family, lamb: first-moment decay. <value>The default is 0.9.</value></summary>
    public double? Beta1 { get; init; }

    /// <summary>adam family, lamb: second-moment decay. <value>The default is 0.999.</value></summary>
    public double? Beta2 { get; init; }

    /// <summary>Denominator epsilon. <value>The default is 1e-8 (1e-10 for adagrad, 1e-6 for lamb, 1e-30 as ε₁ for adafactor).</value></summary>
    public double? Eps { get; init; }

    /// <summary>rmsprop: smoothing constant. <value>The default is 0.99.</value></summary>
    public double? Alpha { get; init; }

    /// <summary>adafactor: exponent of the second-moment decay 1 − t^decay. <value>The default is −0.8.</value></summary>
    public double? Decay { get; init; }

    /// <summary>adafactor: ε₂, the floor of the parameter scale. <value>The default is 1e-3.</value></summary>
    public double? Eps2 { get; init; }

    /// <summary>adafactor: update clipping threshold d. <value>The default is 1.</value></summary>
    public double? ClipThreshold { get; init; }

    /// <summary>The spec with every value this type reads filled in; values it does not read stay null.</summary>
    public OptimizerSpec Resolve()
    {
        var adamLike = Type is "adam" or "adamw" or "radam" or "nadam" or "lamb";
        return this with
        {
            Lr =
                Lr
                ?? Type switch
                {
                    "sgd" or "rmsprop" or "adagrad" => 0.01,
                    "radam" or "nadam" => 0.002,
                    _ => 0.001,
                },
            Momentum = Type is "sgd" or "rmsprop" ? Momentum ?? 0 : null,
            Nesterov = Type == "sgd" ? Nesterov ?? false : null,
            WeightDecay = WeightDecay ?? (Type is "adamw" or "lamb" ? 0.01 : 0),
            Beta1 = adamLike ? Beta1 ?? 0.9 : null,
            Beta2 = adamLike ? Beta2 ?? 0.999 : null,
            Eps = Type switch
            {
                "sgd" => null,
                "adagrad" => Eps ?? 1e-10,
                "lamb" => Eps ?? 1e-6,
                "adafactor" => Eps ?? 1e-30,
                _ => Eps ?? 1e-8,
            },
            Alpha = Type == "rmsprop" ? Alpha ?? 0.99 : null,
            Decay = Type == "adafactor" ? Decay ?? -0.8 : null,
            Eps2 = Type == "adafactor" ? Eps2 ?? 1e-3 : null,
            ClipThreshold = Type == "adafactor" ? ClipThreshold ?? 1.0 : null,
        };
    }
}
