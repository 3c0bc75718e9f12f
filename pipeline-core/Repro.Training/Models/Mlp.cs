using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Models;

/// <summary>A multilayer perceptron over the flattened sample: (linear, activation, dropout) per hidden size, then a linear head.</summary>
public sealed class Mlp : ReproModel
{
    private readonly nn.Module<Tensor, Tensor> layers;

    public Mlp(ModelSpec spec)
        : base("mlp", spec)
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)> { ("flatten", nn.Flatten()) };
        long width = spec.InputShape.Aggregate(1L, (a, b) => a * b);
        for (var i = 0; i < spec.Hidden.Length; i++)
        {
            modules.Add(($"fc{i}", nn.Linear(width, spec.Hidden[i])));
            modules.Add(($"act{i}", Activations.Create(spec.Activation)));
            if (spec.Dropout > 0)
                modules.Add(($"drop{i}", nn.Dropout(spec.Dropout)));
            width = spec.Hidden[i];
        }
        modules.Add(("head", nn.Linear(width, spec.Outputs)));
        layers = nn.Sequential(modules);
        RegisterComponents();
    }

    public override Tensor Forward(Tensor input, Tensor? lengths) => layers.call(input);
}
