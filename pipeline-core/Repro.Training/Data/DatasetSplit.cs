using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Data;

/// <summary>
/// One split of a prepared dataset as whole tensors: inputs <see cref="X"/> (first dimension = samples), targets
/// <see cref="Y"/>, and for variable-length sequences the true <see cref="Lengths"/>. Batches are slices of these.
/// </summary>
public sealed class DatasetSplit(Tensor x, Tensor y, Tensor? lengths = null) : IDisposable
{
    /// <summary>Inputs, <c>[N, ...input shape]</c>.</summary>
    public Tensor X { get; } = x ?? throw new ArgumentNullException(nameof(x));

    /// <summary>Targets: int64 <c>[N]</c> class indices, or float32 <c>[N]</c> / <c>[N, horizon]</c> values.</summary>
    public Tensor Y { get; } = y ?? throw new ArgumentNullException(nameof(y));

    /// <summary>Int64 <c>[N]</c> true sequence lengths, for padded sequences; otherwise <c>null</c>.</summary>
    public Tensor? Lengths { get; } = lengths;

    /// <summary>Number of samples.</summary>
    public long Count => X.shape[0];

    /// <summary>Samples <paramref name="indices"/> (int64), as new tensors.</summary>
    public DatasetSplit Select(Tensor indices) =>
        new(X.index_select(0, indices), Y.index_select(0, indices), Lengths?.index_select(0, indices));

    /// <summary>The first <paramref name="count"/> samples (views, no copy).</summary>
    public DatasetSplit Take(long count) =>
        count >= Count ? this : new(X.narrow(0, 0, count), Y.narrow(0, 0, count), Lengths?.narrow(0, 0, count));

    /// <summary>The same split on <paramref name="device"/>.</summary>
    public DatasetSplit To(Device device) => new(X.to(device), Y.to(device), Lengths?.to(device));

    public void Dispose()
    {
        X.Dispose();
        Y.Dispose();
        Lengths?.Dispose();
    }
}
