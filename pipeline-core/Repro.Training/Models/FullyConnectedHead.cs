using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Models;

/// <summary>
/// The classifier head shared by the convolutional models: dropout on the features (once, as in the usual
/// Fashion-MNIST CNN), then (linear, activation) per size, then a linear layer to the outputs.
/// </summary>
public static class FullyConnectedHead
{
    /// <summary>Builds the head for <paramref name="features"/> inputs.</summary>
    public static nn.Module<Tensor, Tensor> Create(long features, ModelSpec spec)
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = features;
        if (spec.Dropout > 0)
            modules.Add(("drop", nn.Dropout(spec.Dropout)));
        for (var i = 0; i < spec.Fc.Length; i++)
        {
            modules.Add(($"fc{i}", nn.Linear(width, spec.Fc[i])));
            modules.Add(($"act{i}", Activations.Create(spec.Activation)));
            width = spec.Fc[i];
        }
        modules.Add(("out", nn.Linear(width, spec.Outputs)));
        return nn.Sequential(modules);
    }

    /// <summary>The number of features <paramref name="extractor"/> makes from one sample of <paramref name="inputShape"/>.</summary>
    public static long FeatureCount(nn.Module<Tensor, Tensor> extractor, long[] inputShape)
    {
        // Probing with a zero batch is simpler and safer than re-deriving every padding and pooling rule.
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var wasTraining = extractor.training;
        extractor.eval();
        var output = extractor.call(zeros([2, .. inputShape]));
        if (wasTraining)
            extractor.train();
        return output.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
    }
}
