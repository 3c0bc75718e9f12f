using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Data;
using static TorchSharp.torch;

namespace Repro.Training.Steps;

/// <summary>
/// <c>data/cifar10</c>: reads the CIFAR-10 binary batches (<see cref="CifarBatchFile"/>) from <c>with.source</c>, holds out a
/// seeded <c>val_fraction</c> of the training set, and writes a prepared dataset folder of uint8 images <c>[3, 32, 32]</c>.
/// </summary>
/// <remarks>
/// <c>with:</c> <c>source</c> (the extracted <c>cifar-10-batches-bin</c> folder, or the folder holding it; required:
/// nothing is downloaded), <c>val_fraction</c> (0.1), <c>limit</c> (first N images of each batch file; none),
/// <c>normalize</c> (per-channel mean and deviation of the training split; true). Class names come from
/// <c>batches.meta.txt</c> when present.
/// </remarks>
public sealed class Cifar10Step : BuiltinStep<ImageDatasetArguments>
{
    private const string Hint =
        "download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html, extract it, and set with.source to its cifar-10-batches-bin folder";

    private static readonly string[] TrainFiles = [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")];

    private static readonly string[] DefaultClassNames =
    [
        "airplane",
        "automobile",
        "bird",
        "cat",
        "deer",
        "dog",
        "frog",
        "horse",
        "ship",
        "truck",
    ];

    public override string Name => "data/cifar10";

    public override string ImplementationVersion => "1";

    protected override ImageDatasetArguments ReadArguments(StepArguments with) => ImageDatasetArguments.Read(with, sourceRequired: true);

    protected override Task RunAsync(
        StepRequest request,
        ImageDatasetArguments arguments,
        StepArguments with,
        CancellationToken cancellationToken
    )
    {
        var outDirPath = StepPaths.SingleOut(request, "one dataset folder");
        var source = arguments.Source!;
        var dirPath = StepPaths.Resolve(request, source);
        if (!Directory.Exists(dirPath))
            throw new ReproException(new Diagnostic(with.LocationOf("source"), $"CIFAR-10 source folder '{source}' not found", Hint));
        // The archive extracts to cifar-10-batches-bin/: pointing at its parent is just as clear.
        var nested = Path.Combine(dirPath, "cifar-10-batches-bin");
        if (!File.Exists(Path.Combine(dirPath, TrainFiles[0])) && Directory.Exists(nested))
            dirPath = nested;
        var paths = TrainFiles.Append("test_batch.bin").Select(f => Path.Combine(dirPath, f)).ToList();
        var missing = paths.Where(p => !File.Exists(p)).Select(p => DataErrors.MissingFile(StepPaths.Display(request, p), Hint)).ToList();
        if (missing.Count > 0)
            throw new ReproException(missing);

        var batches = paths.Select(p => CifarBatchFile.Read(p, StepPaths.Display(request, p), arguments.Limit)).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        TorchSetup.Apply("cpu", request.Threads, request.Seed);
        using var train = ToSplit(batches.Take(TrainFiles.Length).ToList());
        using var test = ToSplit([batches[^1]]);
        ImageDatasetWriter.Save(request, with, Name, ClassNames(dirPath), [3, 32, 32], train, test, paths, arguments, outDirPath);
        return Task.CompletedTask;
    }

    private static DatasetSplit ToSplit(IReadOnlyList<CifarBatchFile> files)
    {
        var count = files.Sum(f => f.Count);
        var pixels = new byte[(long)count * CifarBatchFile.ImageBytes];
        var labels = new long[count];
        var at = 0;
        foreach (var file in files)
        {
            file.Pixels.CopyTo(pixels.AsSpan(at * CifarBatchFile.ImageBytes));
            for (var i = 0; i < file.Count; i++)
                labels[at + i] = file.Labels[i];
            at += file.Count;
        }
        return new DatasetSplit(tensor(pixels, [count, 3, 32, 32]), tensor(labels));
    }

    private static IReadOnlyList<string> ClassNames(string dirPath)
    {
        var metaPath = Path.Combine(dirPath, "batches.meta.txt");
        if (!File.Exists(metaPath))
            return DefaultClassNames;
        var names = File.ReadAllLines(metaPath).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return names.Count == 10 ? names : DefaultClassNames;
    }
}
