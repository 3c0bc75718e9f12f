using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Data;
using static TorchSharp.torch;

namespace Repro.Training.Steps;

/// <summary>
/// <c>data/fashion-mnist</c> and <c>data/mnist</c>: reads the four IDX files (gzipped or not) from <c>with.source</c> or a
/// local install, holds out a seeded <c>val_fraction</c> of the training set, and writes a prepared dataset folder.
/// </summary>
/// <remarks>
/// <c>with:</c> <c>source</c> (folder; default: the first of the usual install places that exists),
/// <c>val_fraction</c> (0.1), <c>limit</c> (first N training and N test samples; none), <c>normalize</c> (true).
/// Nothing is downloaded: without a local copy the step asks for <c>source</c>.
/// </remarks>
public sealed class MnistStep : BuiltinStep<ImageDatasetArguments>
{
    private static readonly string[] FileNames =
    [
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte",
    ];

    private readonly string title;
    private readonly IReadOnlyList<string> classNames;
    private readonly IReadOnlyList<string> defaultDirPaths;
    private readonly string installHint;

    private MnistStep(
        string name,
        string title,
        IReadOnlyList<string> classNames,
        IReadOnlyList<string> defaultDirPaths,
        string installHint
    )
    {
        Name = name;
        this.title = title;
        this.classNames = classNames;
        this.defaultDirPaths = defaultDirPaths;
        this.installHint = installHint;
    }

    /// <summary><c>data/fashion-mnist</c>; Debian's <c>dataset-fashion-mnist</c> installs it under /usr/share/datasets.</summary>
    public static MnistStep FashionMnist(IReadOnlyList<string>? defaultDirPaths = null) =>
        new(
            "data/fashion-mnist",
            "Fashion-MNIST",
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
            defaultDirPaths ?? ["/usr/share/datasets/fashion-mnist", "/usr/share/fashion-mnist", "/usr/local/share/datasets/fashion-mnist"],
            "install it with 'apt-get install dataset-fashion-mnist', or set with.source to a folder holding the four IDX files"
        );

    /// <summary><c>data/mnist</c> (handwritten digits).</summary>
    public static MnistStep Mnist(IReadOnlyList<string>? defaultDirPaths = null) =>
        new(
            "data/mnist",
            "MNIST",
            ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
            defaultDirPaths ?? ["/usr/share/datasets/mnist", "/usr/share/mnist", "/usr/local/share/datasets/mnist"],
            "set with.source to a folder holding the four IDX files (train-images-idx3-ubyte[.gz], ...)"
        );

    public override string Name { get; }

    public override string ImplementationVersion => "1";

    protected override ImageDatasetArguments ReadArguments(StepArguments with) => ImageDatasetArguments.Read(with, sourceRequired: false);

    protected override Task RunAsync(
        StepRequest request,
        ImageDatasetArguments arguments,
        StepArguments with,
        CancellationToken cancellationToken
    )
    {
        var outDirPath = StepPaths.SingleOut(request, "one dataset folder");
        var sourceDirPath = FindSource(request, with, arguments.Source);

        var paths = FileNames.Select(f => FindFile(sourceDirPath, f)).ToList();
        var missing = paths.Where(p => !File.Exists(p)).Select(p => DataErrors.MissingFile(p, installHint)).ToList();
        if (missing.Count > 0)
            throw new ReproException(missing);
        TorchSetup.Apply("cpu", request.Threads, request.Seed);
        using var train = ReadPair(paths[0], paths[1], arguments.Limit);
        cancellationToken.ThrowIfCancellationRequested();
        using var test = ReadPair(paths[2], paths[3], arguments.Limit);
        ImageDatasetWriter.Save(request, with, Name, classNames, [1, 28, 28], train, test, paths, arguments, outDirPath);
        return Task.CompletedTask;
    }

    private string FindSource(StepRequest request, StepArguments args, string? source)
    {
        if (source is not null)
        {
            var dirPath = StepPaths.Resolve(request, source);
            return Directory.Exists(dirPath)
                ? dirPath
                : throw new ReproException(
                    new Diagnostic(args.LocationOf("source"), $"{title} source folder '{source}' not found", installHint)
                );
        }
        return defaultDirPaths.FirstOrDefault(d => FileNames.All(f => File.Exists(FindFile(d, f))))
            ?? throw new ReproException(
                new Diagnostic(
                    args.LocationOf(),
                    $"no local copy of {title} found (looked in {string.Join(", ", defaultDirPaths)})",
                    installHint
                )
            );
    }

    // The distributed files are gzipped; unpacked copies are just as welcome.
    private static string FindFile(string dirPath, string name)
    {
        var plain = Path.Combine(dirPath, name);
        return File.Exists(plain) ? plain : plain + ".gz";
    }

    private DatasetSplit ReadPair(string imagesPath, string labelsPath, int? limit)
    {
        var images = IdxFile.Read(imagesPath, IdxFile.ImagesMagic);
        var labels = IdxFile.Read(labelsPath, IdxFile.LabelsMagic);
        if (images.Shape[0] != labels.Shape[0])
            throw new ReproException(DataErrors.CountMismatch(imagesPath, images.Shape[0], labelsPath, labels.Shape[0]));
        if (images.Shape[1] != 28 || images.Shape[2] != 28)
            throw new ReproException($"{imagesPath}: images are {images.Shape[1]}×{images.Shape[2]}; {title} images are 28×28");
        var count = Math.Min(images.Shape[0], limit ?? int.MaxValue);
        var bad = Enumerable.Range(0, count).Where(i => labels.Data[i] >= classNames.Count).Take(5).ToList();
        if (bad.Count > 0)
            throw new ReproException([.. bad.Select(i => DataErrors.LabelOutOfRange(labelsPath, i, labels.Data[i], classNames.Count))]);
        var x = tensor(images.Data.AsSpan(0, count * 28 * 28).ToArray(), [count, 1, 28, 28]);
        var y = tensor(labels.Data.AsSpan(0, count).ToArray().Select(b => (long)b).ToArray());
        return new DatasetSplit(x, y);
    }
}
