using Repro.Training.Models;
using Repro.Training.Schedulers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Training.Generative;

/// <summary>
/// Trains a <see cref="TransformerLm"/> on a token stream, usable by custom trainers. An epoch draws as many windows of
/// <c>context + 1</c> tokens at seeded random offsets as the text holds non-overlapping windows, so it sees about every
/// token once; validation reads the validation tokens in consecutive windows and averages the loss over every predicted token.
/// </summary>
public sealed class LanguageModelTrainer
{
    private readonly TransformerLm model;
    private readonly OptimizerHelper optimizer;
    private readonly LearningRateScheduler scheduler;
    private readonly Parameter[] parameters;

    public LanguageModelTrainer(TransformerLm model, OptimizerHelper optimizer, LearningRateScheduler scheduler)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        this.scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        parameters = [.. model.parameters().Where(p => p.requires_grad)];
    }

    /// <summary>Training windows per epoch for <paramref name="tokens"/> tokens.</summary>
    public static long WindowsPerEpoch(long tokens, long context) => Math.Max(1, (tokens - 1) / context);

    /// <summary>Optimizer steps per epoch (what a scheduler needs up front).</summary>
    public static int BatchesPerEpoch(long tokens, long context, int batchSize) =>
        (int)((WindowsPerEpoch(tokens, context) + batchSize - 1) / batchSize);

    /// <summary>
    /// One epoch over <paramref name="tokens"/> (int64 [n], n &gt; context): returns the mean training loss per token, the
    /// learning rate of the first batch and the number of tokens predicted.
    /// </summary>
    public (double Loss, double Lr, long Tokens) TrainEpoch(
        Tensor tokens,
        int epoch,
        int batchSize,
        double gradClip,
        Generator generator,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(tokens);
        model.train();
        var context = model.Context;
        var windows = WindowsPerEpoch(tokens.shape[0], context);
        using var starts = randint(0, tokens.shape[0] - context, [windows], ScalarType.Int64, generator: generator).to(tokens.device);
        using var offsets = arange(context + 1, ScalarType.Int64, tokens.device);
        double lossSum = 0;
        long seen = 0;
        var batches = (int)((windows + batchSize - 1) / batchSize);
        for (var b = 0; b < batches; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var lr = scheduler.LearningRate(epoch, b);
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = lr;
            var count = Math.Min(batchSize, windows - (long)b * batchSize);
            var window = tokens.take(starts.narrow(0, (long)b * batchSize, count).unsqueeze(1) + offsets);
            var x = window.narrow(1, 0, context);
            var y = window.narrow(1, 1, context);
            optimizer.zero_grad();
            var logits = model.Forward(x, null);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), y.reshape(-1));
            loss.backward();
            if (gradClip > 0)
                nn.utils.clip_grad_norm_(parameters, gradClip);
            optimizer.step();
            lossSum += loss.item<float>() * count * context;
            seen += count * context;
        }
        return (lossSum / seen, scheduler.LearningRate(epoch, 0), seen);
    }

    /// <summary>
    /// Mean cross-entropy per predicted token (nats) over <paramref name="tokens"/>, read in consecutive windows of the
    /// context; <see cref="EvaluationTargets"/> are the tokens it predicts.
    /// </summary>
    public double Evaluate(Tensor tokens, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var wasTraining = model.training;
        model.eval();
        var context = model.Context;
        var windows = (tokens.shape[0] - 1) / context;
        double lossSum = 0;
        using (no_grad())
        {
            for (long start = 0; start < windows; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(batchSize, windows - start);
                var window = tokens.narrow(0, start * context, count * context + 1);
                var x = window.narrow(0, 0, count * context).reshape(count, context);
                var y = window.narrow(0, 1, count * context).reshape(count, context);
                var logits = model.Forward(x, null);
                lossSum += nn
                    .functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), y.reshape(-1), reduction: nn.Reduction.Sum)
                    .item<float>();
            }
        }
        if (wasTraining)
            model.train();
        return lossSum / (windows * context);
    }

    /// <summary>The tokens <see cref="Evaluate"/> predicts: positions 1 to windows × context of <paramref name="tokens"/>.</summary>
    public static long[] EvaluationTargets(long[] tokens, long context)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var windows = (tokens.Length - 1) / context;
        return tokens[1..(int)(1 + windows * context)];
    }

    /// <summary>
    /// The baseline a language model must beat: the cross-entropy (nats per token) of <paramref name="targets"/> under the
    /// unigram distribution of <paramref name="train"/>, with add-one smoothing so that no symbol has probability zero.
    /// </summary>
    public static double UnigramLoss(IReadOnlyList<long> train, IReadOnlyList<long> targets, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(targets);
        var counts = new double[vocabularySize];
        foreach (var token in train)
            counts[token]++;
        var total = train.Count + (double)vocabularySize;
        return targets.Count == 0 ? double.NaN : -targets.Average(t => Math.Log((counts[t] + 1) / total));
    }
}
