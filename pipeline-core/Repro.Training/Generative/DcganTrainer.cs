using Repro.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Training.Generative;

/// <summary>
/// Trains a <see cref="Dcgan"/> with the non-saturating GAN losses of Goodfellow et al. (2014), usable by custom trainers.
/// Each batch: the generator makes fakes from seeded noise; the discriminator takes one step of its own optimizer on
/// real (target 1 − label smoothing) against detached fakes (target 0); then the generator takes one step of its own
/// optimizer to make the updated discriminator call the same fakes real. Each optimizer holds only its own network's
/// parameters, so neither step moves the other network.
/// </summary>
public sealed class DcganTrainer
{
    private readonly Dcgan model;
    private readonly OptimizerHelper generatorOptimizer;
    private readonly OptimizerHelper discriminatorOptimizer;
    private readonly double labelSmoothing;

    public DcganTrainer(Dcgan model, OptimizerHelper generatorOptimizer, OptimizerHelper discriminatorOptimizer, double labelSmoothing = 0)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.generatorOptimizer = generatorOptimizer ?? throw new ArgumentNullException(nameof(generatorOptimizer));
        this.discriminatorOptimizer = discriminatorOptimizer ?? throw new ArgumentNullException(nameof(discriminatorOptimizer));
        this.labelSmoothing = labelSmoothing;
    }

    /// <summary>
    /// One epoch over <paramref name="images"/> [n, c, h, w] in [-1, 1], shuffled and noised from <paramref name="generator"/>:
    /// mean losses, mean discriminator probabilities on real and fake images, and the number of real images seen.
    /// </summary>
    public DcganEpoch TrainEpoch(Tensor images, int batchSize, Generator generator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        model.train();
        var n = images.shape[0];
        using var permutation = randperm(n, generator: generator).to(images.device);
        double gLoss = 0,
            dLoss = 0,
            dReal = 0,
            dFake = 0;
        long seen = 0;
        for (long start = 0; start < n; start += batchSize)
        {
            var count = Math.Min(batchSize, n - start);
            // A batch of one breaks batch norm in training mode; its image is seen in other epochs.
            if (count < 2)
                break;
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var real = images.index_select(0, permutation.narrow(0, start, count));
            var z = randn([count, model.Latent], generator: generator).to(images.device);
            var fake = model.Generator.call(z);
            var d = DiscriminatorStep(real, fake.detach());
            var g = GeneratorStep(fake);
            gLoss += g * count;
            dLoss += d.Loss * count;
            dReal += d.Real * count;
            dFake += d.Fake * count;
            seen += count;
        }
        return new DcganEpoch(gLoss / seen, dLoss / seen, dReal / seen, dFake / seen, seen);
    }

    /// <summary>
    /// One discriminator step on <paramref name="real"/> against <paramref name="fake"/> (detached generator output): its loss
    /// and its mean probabilities that each kind is real.
    /// </summary>
    public (double Loss, double Real, double Fake) DiscriminatorStep(Tensor real, Tensor fake)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        using var scope = NewDisposeScope();
        discriminatorOptimizer.zero_grad();
        var realLogits = model.Discriminator.call(real);
        var fakeLogits = model.Discriminator.call(fake);
        // One-sided label smoothing (Salimans et al. 2016): only the real targets move away from 1.
        var realLoss = nn.functional.binary_cross_entropy_with_logits(realLogits, full_like(realLogits, 1 - labelSmoothing));
        var fakeLoss = nn.functional.binary_cross_entropy_with_logits(fakeLogits, zeros_like(fakeLogits));
        var loss = realLoss + fakeLoss;
        loss.backward();
        discriminatorOptimizer.step();
        return (loss.item<float>(), sigmoid(realLogits).mean().item<float>(), sigmoid(fakeLogits).mean().item<float>());
    }

    /// <summary>One generator step: make the discriminator call <paramref name="fake"/> (generator output, with its graph) real.</summary>
    public double GeneratorStep(Tensor fake)
    {
        ArgumentNullException.ThrowIfNull(fake);
        using var scope = NewDisposeScope();
        generatorOptimizer.zero_grad();
        var logits = model.Discriminator.call(fake);
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, ones_like(logits));
        loss.backward();
        generatorOptimizer.step();
        return loss.item<float>();
    }

    /// <summary>Images for latent vectors <paramref name="z"/>, with batch norm in evaluation mode, in batches.</summary>
    public Tensor Sample(Tensor z, int batchSize = 500) => model.Generate(z, batchSize);
}
