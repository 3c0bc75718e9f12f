using Repro.Core.Steps;
using Repro.Training.Data;

namespace Repro.Training.Steps;

/// <summary>
/// What every image data step ends with: a seeded validation split of the train images, normalisation statistics from
/// the images kept for training, and the prepared dataset written to the stage's out folder.
/// </summary>
internal static class ImageDatasetWriter
{
    public static void Save(
        StepRequest request,
        StepArguments args,
        string producer,
        IReadOnlyList<string> classNames,
        IReadOnlyList<long> inputShape,
        DatasetSplit train,
        DatasetSplit test,
        IReadOnlyList<string> sourcePaths,
        ImageDatasetArguments arguments,
        string outDirPath
    )
    {
        var (kept, val) = SeededSplit.Split(train, arguments.ValFraction, request.Seed);
        try
        {
            var info = new DatasetInfo
            {
                Kind = DatasetKinds.Classification,
                Producer = producer,
                NumClasses = classNames.Count,
                ClassNames = classNames,
                InputShape = inputShape,
                Normalization = arguments.Normalize ? NormalizationStats.Compute(kept.X, 255, axis: 0) : new Normalization { Scale = 255 },
                Splits = new Dictionary<string, long>(),
                Sources = [.. sourcePaths.Select(p => SourceFile.Hash(p, StepPaths.Display(request, p)))],
                Arguments = new Dictionary<string, object?>(args.Resolved) { ["seed"] = request.Seed },
            };
            var splits = new Dictionary<string, DatasetSplit> { ["train"] = kept, ["test"] = test };
            if (val is not null)
                splits["val"] = val;
            PreparedDataset.Save(outDirPath, info, splits);
        }
        finally
        {
            if (!ReferenceEquals(kept, train))
                kept.Dispose();
            val?.Dispose();
        }
    }
}
