using Repro.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LstmTrainer;

/// <summary>
/// An LSTM classifier written by hand in TorchSharp. Unlike the built-in <c>lstm</c> model, which classifies from the
/// final hidden state, it averages the LSTM's outputs over each sequence's valid steps (masked mean pooling), then
/// applies dropout and a linear head. Sequences are packed by their lengths, so padding never enters the recurrence,
/// in either direction.
/// </summary>
public sealed class SequenceClassifier : ReproModel
{
    private readonly LSTM lstm;
    private readonly Dropout dropout;
    private readonly Linear head;

    public SequenceClassifier(ModelSpec spec)
        : base("sequence_classifier", spec)
    {
        var features = spec.InputShape[^1];
        lstm = nn.LSTM(
            features,
            spec.HiddenSize,
            spec.Layers,
            batchFirst: true,
            dropout: spec.Layers > 1 ? spec.Dropout : 0,
            bidirectional: spec.Bidirectional
        );
        dropout = nn.Dropout(spec.Dropout);
        head = nn.Linear(spec.HiddenSize * (spec.Bidirectional ? 2 : 1), spec.Outputs);
        RegisterComponents();
    }

    public override bool UsesLengths => true;

    public override Tensor Forward(Tensor input, Tensor? lengths)
    {
        lengths ??= full([input.shape[0]], input.shape[1], dtype: int64, device: input.device);
        using var packed = nn.utils.rnn.pack_padded_sequence(input, lengths.cpu(), batch_first: true, enforce_sorted: false);
        var (output, _, _) = lstm.call(packed);
        // Back to [batch, time, hidden * directions], zero past each sequence's end; then the mean over its valid steps.
        var (padded, _) = nn.utils.rnn.pad_packed_sequence(output, batch_first: true);
        output.Dispose();
        var steps = lengths.to(padded.device).unsqueeze(1).to(float32);
        var pooled = padded.sum(1).div(steps);
        return head.call(dropout.call(pooled));
    }
}
