using System.Globalization;
using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Data;
using Repro.Training.Generative;
using Repro.Training.Images;
using Repro.Training.Models;
using Repro.Training.Optimizers;
using Repro.Training.Reporting;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Steps;

/// <summary>
/// <c>uses: train</c> with <c>model: {type: dcgan, latent, g_channels, d_channels}</c> on a prepared image dataset
/// (<c>data/fashion-mnist</c>, <c>data/mnist</c>, <c>data/cifar10</c>: square images whose side is a multiple of 4). The generator and the
/// discriminator each have their own optimizer (<c>optimizer_g</c>, <c>optimizer_d</c>; default Adam, lr 2e-4, β1 0.5).
/// </summary>
/// <remarks>
/// <para>Other <c>with:</c> keys: <c>classifier</c> (a model file written by a <c>train</c> stage on the same data: the
/// network whose penultimate features the Fréchet distance compares; without it no distance is computed), <c>epochs</c> (5),
/// <c>batch_size</c> (64), <c>label_smoothing</c> (0; one-sided), <c>frechet_samples</c> (1000), <c>grid_samples</c> (64).</para>
/// <para>Per epoch: <c>g_loss</c>, <c>d_loss</c>, <c>d_real</c>, <c>d_fake</c> (the discriminator's mean probability of
/// "real"), <c>frechet_distance</c> (generated images of a fixed noise batch against the validation images; lower is
/// better) to the metrics stream, TensorBoard and <c>plots[0]</c>; a PNG grid of a fixed noise batch to
/// <c>&lt;run&gt;/samples/&lt;stage&gt;/epoch_NNN.png</c> and TensorBoard's Images. The model file (<c>outs[0]</c>) holds both
/// networks; a second out ending in <c>.png</c> receives the last grid. Final metrics add <c>frechet_distance_real</c>, the
/// distance between real training and validation images: the floor a perfect generator would reach.</para>
/// </remarks>
internal static class DcganTrainStep
{
    public static void Run(
        StepRequest request,
        DcganArguments arguments,
        StepArguments with,
        TextWriter log,
        CancellationToken cancellationToken
    )
    {
        var (latent, optimizerG, optimizerD) = (arguments.Latent, arguments.OptimizerG, arguments.OptimizerD);
        var (epochs, frechetSamples, gridSamples) = (arguments.Epochs, arguments.FrechetSamples, arguments.GridSamples);
        var modelPath =
            request.Outs.Count >= 1
                ? StepPaths.Resolve(request, request.Outs[0])
                : throw new ReproException(
                    new Diagnostic(
                        with.LocationOf(),
                        $"stage '{request.Stage}': train writes a model: declare its path as the first entry of outs"
                    )
                );
        var gridOutPath = request.Outs.Skip(1).FirstOrDefault(o => o.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) is { } png
            ? StepPaths.Resolve(request, png)
            : null;

        var dataDirPath = StepPaths.Resolve(request, arguments.Data);
        var info = PreparedDataset.ReadInfo(dataDirPath);
        CheckImages(info, with);
        var classifierArgument = arguments.Classifier;
        var classifierPath = classifierArgument is null ? null : StepPaths.Resolve(request, classifierArgument);
        if (classifierPath is not null && !File.Exists(classifierPath))
        {
            throw new ReproException(
                new Diagnostic(
                    with.LocationOf("classifier"),
                    $"classifier model '{classifierArgument}' not found",
                    "train a classifier on the same data in an earlier stage and list its model file in deps"
                )
            );
        }

        var settings = TorchSetup.Apply(arguments.Device ?? request.Device, request.Threads, request.Seed);
        using var dataset = PreparedDataset.Load(dataDirPath, settings.Device, ["train", "val"]);
        var spec = new ModelSpec
        {
            Type = "dcgan",
            InputShape = [.. info.InputShape],
            Outputs = 1,
            Latent = latent,
            GChannels = arguments.GChannels,
            DChannels = arguments.DChannels,
        };
        using var model = new Dcgan(spec);
        model.to(settings.Device);
        using var optimizerHelperG = OptimizerFactory.Create(optimizerG, model.Generator.parameters());
        using var optimizerHelperD = OptimizerFactory.Create(optimizerD, model.Discriminator.parameters());
        var trainer = new DcganTrainer(model, optimizerHelperG, optimizerHelperD, arguments.LabelSmoothing);
        var images = ToTanhRange(dataset.Train.X, info.Normalization);
        var reference = dataset.Val is { } val ? ToTanhRange(val.X, info.Normalization) : images;

        // Noise for the grid and the distance comes from generators of its own, so it is the same batch every epoch.
        using var gridZ = FixedNoise(gridSamples, latent, request.Seed + 1, settings.Device);
        using var frechetZ = FixedNoise(frechetSamples, latent, request.Seed + 2, settings.Device);
        using var frechet = classifierPath is null ? null : new FrechetScorer(classifierPath, info, reference, frechetSamples, with);
        var hparams = Hyperparameters.From(
            with,
            Hyperparameters.Optimizer("optimizer_g", optimizerG).Concat(Hyperparameters.Optimizer("optimizer_d", optimizerD))
        );
        log.WriteLine(
            $"{request.Stage}: dcgan with {Count(model.Generator)} generator and {Count(model.Discriminator)} discriminator parameters; "
                + $"{images.shape[0]} training images; G {optimizerG.Type} lr {optimizerG.Lr}, D {optimizerD.Type} lr {optimizerD.Lr}"
                + (frechet is null ? "; no classifier: no Fréchet distance" : $"; Fréchet distance on {frechet.Width} classifier features")
        );

        var frechetReal = frechet?.Distance(images.narrow(0, 0, Math.Min(frechetSamples, images.shape[0])));
        var samplesDirPath = Path.Combine(request.RunDirPath, "samples", request.Stage);
        Directory.CreateDirectory(samplesDirPath);
        using var reporter = new GenerativeEpochReporter(request, log);
        using var generator = new Generator((ulong)request.Seed);
        var time = TimeProvider.System;
        var stopReason = "completed";
        DcganEpoch last = default;
        double? lastFrechet = null;
        byte[]? lastGrid = null;
        var epochsRun = 0;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var started = time.GetTimestamp();
            last = trainer.TrainEpoch(images, arguments.BatchSize, generator, cancellationToken);
            if (!double.IsFinite(last.GeneratorLoss) || !double.IsFinite(last.DiscriminatorLoss))
                throw new InvalidOperationException($"{request.Stage}: training diverged in epoch {epoch}: a loss is not a number");
            var trainSeconds = time.GetElapsedTime(started).TotalSeconds;
            epochsRun = epoch;
            using (var fakes = trainer.Sample(gridZ))
            {
                var (pixels, width, height, channels) = SampleGrid.Tile(fakes, (int)Math.Ceiling(Math.Sqrt(gridSamples)));
                lastGrid = PngEncoder.Encode(pixels, width, height, channels);
                File.WriteAllBytes(
                    Path.Combine(samplesDirPath, $"epoch_{epoch.ToString("D3", CultureInfo.InvariantCulture)}.png"),
                    lastGrid
                );
                reporter.Writer.AddImage("samples", lastGrid, width, height, channels, epoch);
            }
            List<(string, double)> values =
            [
                ("g_loss", last.GeneratorLoss),
                ("d_loss", last.DiscriminatorLoss),
                ("d_real", last.RealScore),
                ("d_fake", last.FakeScore),
            ];
            if (frechet is not null)
            {
                using var fakes = trainer.Sample(frechetZ);
                lastFrechet = frechet.Distance(fakes);
                values.Add(("frechet_distance", lastFrechet.Value));
            }
            var goOn = reporter.EpochEnded(
                epoch,
                values,
                [("samples_per_s", last.Images / Math.Max(trainSeconds, 1e-9)), ("epoch_s", time.GetElapsedTime(started).TotalSeconds)]
            );
            if (!goOn)
            {
                stopReason = "stopped";
                break;
            }
        }

        ModelFile.Save(model, modelPath);
        if (gridOutPath is not null && lastGrid is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(gridOutPath)!);
            File.WriteAllBytes(gridOutPath, lastGrid);
        }
        var metrics = new JsonObject
        {
            ["g_loss"] = last.GeneratorLoss,
            ["d_loss"] = last.DiscriminatorLoss,
            ["d_real"] = last.RealScore,
            ["d_fake"] = last.FakeScore,
        };
        if (lastFrechet is { } distance)
        {
            metrics["frechet_distance"] = distance;
            metrics["frechet_distance_real"] = frechetReal;
        }
        metrics["epochs_run"] = epochsRun;
        metrics["parameters"] = model.ParameterCount;
        metrics["stop_reason"] = stopReason;
        metrics["determinism"] = settings.Determinism;
        reporter.WriteMetrics(metrics, hparams);
        reporter.Writer.AddHparams(Hyperparameters.ForTensorBoard(hparams), frechet is null ? ["g_loss", "d_loss"] : ["frechet_distance"]);
        log.WriteLine(
            $"{request.Stage}: {stopReason} after {epochsRun} epochs; g_loss {last.GeneratorLoss:F4}, d_loss {last.DiscriminatorLoss:F4}"
                + (lastFrechet is { } f ? $", frechet_distance {f:F3} (real vs real {frechetReal:F3})" : "")
        );
    }

    private static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    private static void CheckImages(DatasetInfo info, StepArguments with)
    {
        var shape = info.InputShape;
        // The generator grows side/4 twice by 2 and the discriminator halves twice, so the side is a multiple of 4. (Sides
        // under 28 once gave NaN losses: that was oneDNN's convolution backward, which TorchSetup now turns off.)
        if (shape.Count == 3 && shape[0] is 1 or 3 && shape[1] == shape[2] && shape[1] >= 8 && shape[1] % 4 == 0)
            return;
        throw new ReproException(
            new Diagnostic(
                with.LocationOf("data"),
                $"dcgan generates square images of 1 or 3 channels whose side is a multiple of 4 (at least 8); the dataset's samples are [{string.Join(", ", shape)}]",
                "prepare images with data/fashion-mnist, data/mnist or data/cifar10"
            )
        );
    }

    private static Tensor FixedNoise(int count, int latent, long seed, Device device)
    {
        using var generator = new Generator((ulong)seed);
        using var z = randn([count, latent], generator: generator);
        return z.to(device);
    }

    /// <summary>Stored inputs, normalised for a classifier, back to the generator's [-1, 1] range, in place.</summary>
    internal static Tensor ToTanhRange(Tensor x, Normalization normalization)
    {
        if (normalization.Mean.Count > 0)
        {
            var shape = new long[] { 1, normalization.Mean.Count, 1, 1 };
            using var mean = tensor(normalization.Mean.Select(v => (float)v).ToArray(), device: x.device).reshape(shape);
            using var std = tensor(normalization.Std.Select(v => (float)v).ToArray(), device: x.device).reshape(shape);
            x.mul_(std).add_(mean);
        }
        return x.mul_(2).sub_(1);
    }

    /// <summary>The Fréchet distance of images in [-1, 1] to the reference images, on the classifier's penultimate features.</summary>
    private sealed class FrechetScorer : IDisposable
    {
        private readonly ReproModel classifier;
        private readonly ClassifierFeatures features;
        private readonly Normalization normalization;
        private readonly Tensor mean;
        private readonly Tensor covariance;

        public FrechetScorer(string classifierPath, DatasetInfo info, Tensor reference, int samples, StepArguments with)
        {
            classifier = ModelFile.Load(classifierPath);
            if (!classifier.Spec.InputShape.SequenceEqual(info.InputShape))
            {
                var shape = string.Join(", ", classifier.Spec.InputShape);
                classifier.Dispose();
                throw new ReproException(
                    new Diagnostic(
                        with.LocationOf("classifier"),
                        $"the classifier reads samples of [{shape}], the dataset's are [{string.Join(", ", info.InputShape)}]",
                        "train the classifier on the same data"
                    )
                );
            }
            classifier.to(reference.device);
            features = new ClassifierFeatures(classifier);
            normalization = info.Normalization;
            using var real = Features(reference.narrow(0, 0, Math.Min(samples, reference.shape[0])));
            (mean, covariance) = FrechetDistance.Statistics(real);
        }

        public long Width => features.Width;

        public double Distance(Tensor images)
        {
            using var fake = Features(images);
            var (m, s) = FrechetDistance.Statistics(fake);
            using (m)
            using (s)
                return FrechetDistance.Compute(m, s, mean, covariance);
        }

        public void Dispose()
        {
            features.Dispose();
            classifier.Dispose();
            mean.Dispose();
            covariance.Dispose();
        }

        private Tensor Features(Tensor images)
        {
            using var scope = NewDisposeScope();
            // [-1, 1] back to what the classifier was trained on: the dataset's normalisation of [0, 1] pixels.
            var x = images.add(1).div(2);
            if (normalization.Mean.Count > 0)
            {
                var shape = new long[] { 1, normalization.Mean.Count, 1, 1 };
                x =
                    (x - tensor(normalization.Mean.Select(v => (float)v).ToArray(), device: x.device).reshape(shape))
                    / tensor(normalization.Std.Select(v => (float)v).ToArray(), device: x.device).reshape(shape);
            }
            return features.Extract(x).MoveToOuterDisposeScope();
        }
    }
}
