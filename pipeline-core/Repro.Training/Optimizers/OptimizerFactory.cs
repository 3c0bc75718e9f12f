using Repro.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Training.Optimizers;

/// <summary>Builds the optimizer an <see cref="OptimizerSpec"/> names over a model's parameters.</summary>
public static class OptimizerFactory
{
    /// <summary>The optimizer types a spec can name.</summary>
    public static IReadOnlyList<string> Types { get; } =
    ["sgd", "adam", "adamw", "rmsprop", "adagrad", "radam", "nadam", "lamb", "adafactor"];

    /// <summary>A new optimizer; <paramref name="spec"/> is resolved first.</summary>
    public static OptimizerHelper Create(OptimizerSpec spec, IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var s = spec.Resolve();
        var lr = s.Lr!.Value;
        var wd = s.WeightDecay!.Value;
        return s.Type switch
        {
            "sgd" => optim.SGD(parameters, lr, momentum: s.Momentum!.Value, weight_decay: wd, nesterov: s.Nesterov!.Value),
            "adam" => optim.Adam(parameters, lr, s.Beta1!.Value, s.Beta2!.Value, s.Eps!.Value, wd),
            "adamw" => optim.AdamW(parameters, lr, s.Beta1!.Value, s.Beta2!.Value, s.Eps!.Value, wd),
            "rmsprop" => optim.RMSProp(parameters, lr, s.Alpha!.Value, s.Eps!.Value, wd, s.Momentum!.Value),
            "adagrad" => optim.Adagrad(parameters, lr, weight_decay: wd, eps: s.Eps!.Value),
            "nadam" => optim.NAdam(parameters, lr, s.Beta1!.Value, s.Beta2!.Value, s.Eps!.Value, wd),
            "radam" => new RAdam(parameters, lr, s.Beta1!.Value, s.Beta2!.Value, s.Eps!.Value, wd),
            "lamb" => new Lamb(parameters, lr, s.Beta1!.Value, s.Beta2!.Value, s.Eps!.Value, wd),
            "adafactor" => new Adafactor(parameters, lr, s.Decay!.Value, s.Eps!.Value, s.Eps2!.Value, s.ClipThreshold!.Value, wd),
            _ => throw new ReproException(
                new Diagnostic(null, $"unknown optimizer type '{s.Type}'", $"use one of: {string.Join(", ", Types)}")
            ),
        };
    }
}
