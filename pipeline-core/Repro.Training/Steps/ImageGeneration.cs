using System.Globalization;
using Repro.Training.Images;
using Repro.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Steps;

/// <summary>
/// <c>generate</c> for a <c>dcgan</c>: <c>samples</c> images from the generator. An out ending in <c>.png</c> gets one grid
/// of them; any other out is a folder with <c>sample_0001.png</c>, ... and <c>grid.png</c>.
/// </summary>
/// <remarks>
/// <c>with:</c> <c>samples</c> (64), <c>columns</c> of the grid (the square root of <c>samples</c>, rounded up). Sample i's
/// latent vector comes from its own generator seeded with <c>seed + i</c>, so asking for more samples never changes the
/// first ones, and batch norm runs in evaluation mode, so an image does not depend on the others.
/// </remarks>
internal static class ImageGeneration
{
    public static void Write(
        Dcgan gan,
        GenerateArguments arguments,
        string outPath,
        long seed,
        Device device,
        CancellationToken cancellationToken
    )
    {
        var samples = arguments.Samples ?? 64;
        var columns = arguments.Columns ?? (int)Math.Ceiling(Math.Sqrt(samples));
        gan.to(device);
        using var scope = NewDisposeScope();
        var latents = new List<Tensor>(samples);
        for (var i = 0; i < samples; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var generator = new Generator((ulong)(seed + i));
            latents.Add(randn([1, gan.Latent], generator: generator));
        }
        var images = gan.Generate(cat(latents, 0).to(device)).cpu();
        var grid = SampleGrid.Png(images, columns);
        if (outPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            File.WriteAllBytes(outPath, grid);
            return;
        }
        Directory.CreateDirectory(outPath);
        for (var i = 0; i < samples; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = string.Create(CultureInfo.InvariantCulture, $"sample_{i + 1:D4}.png");
            File.WriteAllBytes(Path.Combine(outPath, name), SampleGrid.Png(images.narrow(0, i, 1), 1, padding: 0));
        }
        File.WriteAllBytes(Path.Combine(outPath, "grid.png"), grid);
    }
}
