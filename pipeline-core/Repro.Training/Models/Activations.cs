using Repro.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Models;

/// <summary>The activation functions a model spec can name.</summary>
public static class Activations
{
    /// <summary>The names accepted in <c>activation:</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["relu", "gelu", "silu", "tanh", "leaky_relu"];

    /// <summary>A new activation module for <paramref name="name"/>.</summary>
    public static nn.Module<Tensor, Tensor> Create(string name) =>
        name switch
        {
            "relu" => nn.ReLU(),
            "gelu" => nn.GELU(),
            "silu" => nn.SiLU(),
            "tanh" => nn.Tanh(),
            "leaky_relu" => nn.LeakyReLU(0.01),
            _ => throw new ReproException(new Diagnostic(null, $"unknown activation '{name}'", $"use one of: {string.Join(", ", Names)}")),
        };
}
