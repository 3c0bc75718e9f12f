using Repro.Core;
using TorchSharp;

namespace Repro.Training.Models;

/// <summary>Builds the model a <see cref="ModelSpec"/> describes. Seed torch first for reproducible initial weights.</summary>
public static class ModelFactory
{
    /// <summary>The model types a spec can name.</summary>
    public static IReadOnlyList<string> Types { get; } =
    ["mlp", "cnn", "resnet", "lightcnn", "lstm", "gru", "transformer", "transformer_lm", "dcgan"];

    /// <summary>A new model with freshly initialised weights.</summary>
    public static ReproModel Create(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Type switch
        {
            "mlp" => new Mlp(spec),
            "cnn" => new Cnn(spec),
            "resnet" => new ResNet(spec),
            "lightcnn" => new LightCnn(spec),
            "lstm" or "gru" => new RecurrentClassifier(spec),
            "transformer" => new TransformerClassifier(spec),
            "transformer_lm" => new TransformerLm(spec),
            "dcgan" => new Dcgan(spec),
            _ => throw new ReproException(
                new Diagnostic(null, $"unknown model type '{spec.Type}'", $"use one of: {string.Join(", ", Types)}")
            ),
        };
    }
}
