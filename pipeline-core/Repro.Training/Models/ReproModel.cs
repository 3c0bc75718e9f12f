using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Models;

/// <summary>
/// A model built by <see cref="ModelFactory"/>: maps a batch of samples to logits (or regression outputs).
/// Sequence models also take each sequence's valid length so that padding never reaches the result.
/// </summary>
public abstract class ReproModel(string name, ModelSpec spec) : nn.Module<Tensor, Tensor>(name)
{
    /// <summary>The architecture this model was built from.</summary>
    public ModelSpec Spec { get; } = spec;

    /// <summary>Whether <see cref="Forward"/> uses the lengths argument.</summary>
    public virtual bool UsesLengths => false;

    /// <summary>Number of trainable parameters.</summary>
    public long ParameterCount => parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>Runs the model on <paramref name="input"/>; <paramref name="lengths"/> (int64, one per sample) is read by sequence models.</summary>
    public abstract Tensor Forward(Tensor input, Tensor? lengths);

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Forward(input, null);
}
