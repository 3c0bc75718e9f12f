using Repro.Core;
using Repro.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Repro.Training.Generative;

/// <summary>
/// The penultimate features of a classifier trained by the <c>train</c> step: the input of its last linear layer (the
/// output layer), captured with a forward pre-hook, so any model whose head ends in a linear layer (mlp, cnn, resnet,
/// lightcnn) works without knowing its inside. The features a Fréchet distance compares.
/// </summary>
public sealed class ClassifierFeatures : IDisposable
{
    private readonly ReproModel classifier;
    private readonly HookableModule<
        Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>,
        Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor>
    >.HookRemover hook;
    private Tensor? captured;

    public ClassifierFeatures(ReproModel classifier)
    {
        this.classifier = classifier ?? throw new ArgumentNullException(nameof(classifier));
        var output =
            classifier.modules().OfType<Linear>().LastOrDefault()
            ?? throw new ReproException(
                $"a {classifier.Spec.Type} classifier has no linear output layer to take features from",
                "train the classifier with model type mlp, cnn, resnet or lightcnn"
            );
        hook = output.register_forward_pre_hook(
            (_, input) =>
            {
                captured = input.detach().clone();
                return input;
            }
        );
        Width = output.in_features;
    }

    /// <summary>Number of features per sample.</summary>
    public long Width { get; }

    /// <summary>Features [n, width] of <paramref name="inputs"/> (normalised as the classifier was trained), in batches.</summary>
    public Tensor Extract(Tensor inputs, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        classifier.eval();
        var parts = new List<Tensor>();
        using (no_grad())
        {
            for (long start = 0; start < inputs.shape[0]; start += batchSize)
            {
                using var scope = NewDisposeScope();
                classifier.Forward(inputs.narrow(0, start, Math.Min(batchSize, inputs.shape[0] - start)), null);
                parts.Add(captured!.flatten(1).MoveToOuterDisposeScope());
                captured = null;
            }
        }
        var all = cat(parts, 0);
        foreach (var part in parts)
            part.Dispose();
        return all;
    }

    public void Dispose() => hook.remove();
}
