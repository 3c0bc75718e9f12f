using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Models;

/// <summary>
/// A DCGAN (<c>dcgan</c>): a <see cref="DcganGenerator"/> and a <see cref="DcganDiscriminator"/> in one model file, so a
/// run's file holds both (the discriminator is what a resumed or fine-tuned run needs). <see cref="ReproModel.Forward"/>
/// maps latent vectors [batch, latent] to images. Spec: <see cref="ModelSpec.InputShape"/> is the image shape
/// [channels, side, side] with side a multiple of 4, <see cref="ModelSpec.Latent"/>, <see cref="ModelSpec.GChannels"/>,
/// <see cref="ModelSpec.DChannels"/>.
/// </summary>
public sealed class Dcgan : ReproModel
{
    // Fields, not auto-properties, name the state-dict entries: generator.layers.up0.weight, ...
    private readonly DcganGenerator generator;
    private readonly DcganDiscriminator discriminator;

    public Dcgan(ModelSpec spec)
        : base("dcgan", spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (channels, side) = (spec.InputShape[0], spec.InputShape[^1]);
        Latent = spec.Latent ?? 64;
        generator = new DcganGenerator(Latent, spec.GChannels ?? 32, channels, side);
        discriminator = new DcganDiscriminator(spec.DChannels ?? 32, channels, side);
        RegisterComponents();
        Initialize();
    }

    /// <summary>Size of a latent vector.</summary>
    public long Latent { get; }

    /// <summary>Latent vectors to images in [-1, 1].</summary>
    public DcganGenerator Generator => generator;

    /// <summary>Images to "real" logits.</summary>
    public DcganDiscriminator Discriminator => discriminator;

    /// <summary>Images [batch, channels, side, side] for latent vectors <paramref name="input"/> [batch, latent].</summary>
    public override Tensor Forward(Tensor input, Tensor? lengths) => Generator.call(input);

    /// <summary>
    /// Images in [-1, 1] for latent vectors <paramref name="z"/> [n, latent], with batch norm in evaluation mode (its running
    /// statistics, so an image does not depend on the others in its batch), in batches of <paramref name="batchSize"/>.
    /// </summary>
    public Tensor Generate(Tensor z, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(z);
        var wasTraining = training;
        eval();
        var parts = new List<Tensor>();
        using (no_grad())
        {
            for (long start = 0; start < z.shape[0]; start += batchSize)
                parts.Add(Generator.call(z.narrow(0, start, Math.Min(batchSize, z.shape[0] - start))));
        }
        if (wasTraining)
            train();
        var all = cat(parts, 0);
        foreach (var part in parts)
            part.Dispose();
        return all;
    }

    // The paper's initialisation: convolution weights from N(0, 0.02), batch-norm scales from N(1, 0.02), shifts 0.
    private void Initialize()
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.Contains(".bn", StringComparison.Ordinal))
            {
                if (name.EndsWith(".weight", StringComparison.Ordinal))
                    nn.init.normal_(parameter, 1.0, 0.02);
                else
                    nn.init.zeros_(parameter);
            }
            else
            {
                nn.init.normal_(parameter, 0.0, 0.02);
            }
        }
    }
}
