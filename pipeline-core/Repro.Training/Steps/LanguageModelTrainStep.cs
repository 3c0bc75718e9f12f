using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Generative;
using Repro.Training.Models;
using Repro.Training.Optimizers;
using Repro.Training.Reporting;
using Repro.Training.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Steps;

/// <summary>
/// <c>uses: train</c> with <c>model: {type: transformer_lm, d_model, nhead, layers, dim_feedforward, dropout, context}</c> on a
/// <c>data/text</c> folder. AdamW and warmup-then-cosine (per batch) unless <c>optimizer</c>/<c>scheduler</c> say otherwise.
/// </summary>
/// <remarks>
/// Writes the model (with its tokenizer in the header) to <c>outs[0]</c>; per epoch <c>train_loss</c>, <c>val_loss</c>,
/// <c>val_perplexity</c>, <c>lr</c>, <c>tokens_per_s</c>, <c>epoch_s</c> to the metrics stream, TensorBoard and <c>plots[0]</c>;
/// final metrics (<c>metrics[0]</c>): the last epoch's deterministic values plus <c>unigram_val_loss</c> and
/// <c>unigram_val_perplexity</c> (the baseline: add-one-smoothed character frequencies of the training text, scored on the
/// same validation tokens), <c>epochs_run</c>, <c>parameters</c>, <c>vocabulary_size</c>, <c>train_tokens</c>,
/// <c>val_tokens</c>, <c>stop_reason</c>, <c>determinism</c> and <c>hparams</c>. The model holds the last epoch's weights.
/// Resuming an interrupted run is not supported: it starts again.
/// </remarks>
internal static class LanguageModelTrainStep
{
    public static void Run(
        StepRequest request,
        LanguageModelArguments arguments,
        StepArguments with,
        TextWriter log,
        CancellationToken cancellationToken
    )
    {
        var (context, optimizer, schedulerSpec) = (arguments.Context, arguments.Optimizer, arguments.Scheduler);
        var (epochs, batchSize) = (arguments.Epochs, arguments.BatchSize);
        var modelPath =
            request.Outs.Count >= 1
                ? StepPaths.Resolve(request, request.Outs[0])
                : throw new ReproException(
                    new Diagnostic(
                        with.LocationOf(),
                        $"stage '{request.Stage}': train writes a model: declare its path as the first entry of outs"
                    )
                );

        using var corpus = TextCorpus.Load(StepPaths.Resolve(request, arguments.Data));
        CheckLengths(corpus, context, with);
        var settings = TorchSetup.Apply(arguments.Device ?? request.Device, request.Threads, request.Seed);
        var spec = new ModelSpec
        {
            Type = "transformer_lm",
            InputShape = [context],
            Outputs = corpus.Tokenizer.VocabularySize,
            HiddenSize = arguments.DModel,
            Heads = arguments.Heads,
            Layers = arguments.Layers,
            FeedForward = arguments.FeedForward,
            Dropout = arguments.Dropout,
            Tokenizer = corpus.Tokenizer,
        };
        using var model = new TransformerLm(spec);
        model.to(settings.Device);
        var train = corpus.Train.to(settings.Device);
        var val = corpus.Val.to(settings.Device);
        using var optimizerHelper = OptimizerFactory.Create(optimizer, model.parameters());
        var batches = LanguageModelTrainer.BatchesPerEpoch(train.shape[0], context, batchSize);
        var scheduler = SchedulerFactory.Create(schedulerSpec, optimizer.Lr!.Value, epochs, batches);
        var trainer = new LanguageModelTrainer(model, optimizerHelper, scheduler);

        long[] trainTokens = corpus.Train.data<long>().ToArray();
        var targets = LanguageModelTrainer.EvaluationTargets(corpus.Val.data<long>().ToArray(), context);
        var unigramLoss = LanguageModelTrainer.UnigramLoss(trainTokens, targets, spec.Outputs);
        var hparams = Hyperparameters.From(
            with,
            [
                new("optimizer.type", optimizer.Type),
                new("optimizer.lr", optimizer.Lr),
                new("optimizer.weight_decay", optimizer.WeightDecay),
                new("scheduler.type", schedulerSpec.Type),
            ]
        );
        log.WriteLine(
            $"{request.Stage}: transformer_lm with {model.ParameterCount:N0} parameters; vocabulary {spec.Outputs}, "
                + $"{train.shape[0]:N0} train and {val.shape[0]:N0} val tokens, context {context}; {optimizer.Type} lr {optimizer.Lr}, "
                + $"{schedulerSpec.Type} schedule; unigram baseline perplexity {Math.Exp(unigramLoss):F3}"
        );

        using var reporter = new GenerativeEpochReporter(request, log);
        using var generator = new Generator((ulong)request.Seed);
        var time = TimeProvider.System;
        var stopReason = "completed";
        (double TrainLoss, double ValLoss, double Lr) last = default;
        var epochsRun = 0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var started = time.GetTimestamp();
            var (trainLoss, lr, tokens) = trainer.TrainEpoch(train, epoch, batchSize, arguments.GradClip, generator, cancellationToken);
            var trainSeconds = time.GetElapsedTime(started).TotalSeconds;
            var valLoss = trainer.Evaluate(val, arguments.EvalBatchSize);
            scheduler.EpochEnded(valLoss);
            last = (trainLoss, valLoss, lr);
            epochsRun = epoch + 1;
            var goOn = reporter.EpochEnded(
                epoch + 1,
                [("train_loss", trainLoss), ("val_loss", valLoss), ("val_perplexity", Math.Exp(valLoss)), ("lr", lr)],
                [("tokens_per_s", tokens / Math.Max(trainSeconds, 1e-9)), ("epoch_s", time.GetElapsedTime(started).TotalSeconds)]
            );
            if (!goOn)
            {
                stopReason = "stopped";
                break;
            }
        }

        ModelFile.Save(model, modelPath);
        reporter.WriteMetrics(
            new JsonObject
            {
                ["train_loss"] = last.TrainLoss,
                ["val_loss"] = last.ValLoss,
                ["val_perplexity"] = Math.Exp(last.ValLoss),
                ["unigram_val_loss"] = unigramLoss,
                ["unigram_val_perplexity"] = Math.Exp(unigramLoss),
                ["epochs_run"] = epochsRun,
                ["parameters"] = model.ParameterCount,
                ["vocabulary_size"] = spec.Outputs,
                ["train_tokens"] = train.shape[0],
                ["val_tokens"] = val.shape[0],
                ["stop_reason"] = stopReason,
                ["determinism"] = settings.Determinism,
            },
            hparams
        );
        reporter.Writer.AddHparams(Hyperparameters.ForTensorBoard(hparams), ["val_loss", "val_perplexity"]);
        log.WriteLine(
            $"{request.Stage}: {stopReason} after {epochsRun} epochs; val_perplexity {Math.Exp(last.ValLoss):F3} "
                + $"(unigram baseline {Math.Exp(unigramLoss):F3})"
        );
    }

    private static void CheckLengths(TextCorpus corpus, int context, StepArguments with)
    {
        var problems = new List<Diagnostic>();
        foreach (var (split, tokens) in new[] { ("training", corpus.Train.shape[0]), ("validation", corpus.Val.shape[0]) })
        {
            if (tokens <= context)
            {
                problems.Add(
                    new Diagnostic(
                        with.LocationOf("model.context"),
                        $"context {context} is longer than the {split} text ({tokens} tokens): a window needs context + 1 tokens",
                        "lower model.context, or give data/text more text" + (split == "validation" ? " or a larger val_fraction" : "")
                    )
                );
            }
        }
        if (problems.Count > 0)
            throw new ReproException(problems);
    }
}
