using Repro.Core.Search;
using Repro.Core.Search.Execution;
using Repro.Core.Search.Samplers;

namespace Repro.Tool.Reports;

/// <summary>Turns a search study into the report's <see cref="ReportStudy"/>, with the engine's <see cref="StudySummary"/>.</summary>
public static class StudyReport
{
    /// <summary>A study in memory (or being run), listing its <paramref name="top"/> best trials.</summary>
    public static ReportStudy From(Study study, string objective, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(study);
        return new ReportStudy(study.Name, objective, study.Direction, study.Trials, StudySummary.Of(study, top));
    }

    /// <summary>
    /// The stored study <paramref name="record"/>, with the space and objective of its own definition (not the pipeline's,
    /// which may have changed since). A study an older Repro wrote recorded none: it takes its search stage's in
    /// <paramref name="searches"/> when its trials fit that space, else it is shown without a space (no importances).
    /// </summary>
    public static ReportStudy Load(IStudyStorage storage, StudyRecord record, IReadOnlyList<SearchStageOptions> searches, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(searches);
        var search = searches.FirstOrDefault(s => s.StudyName == record.SearchStage);
        // Display only: an older study's trials fit the stage's space or not; its seed and direction are its own anyway.
        var definition =
            record.Definition
            ?? (
                search is not null && storage.LoadTrials(record.Name).All(t => search.Definition.Admits(t.Params))
                    ? search.Definition
                    : null
            );
        // The stored record opens the study, so a seed or direction edited since the search ran is no error here; nothing is sampled.
        var study = Study.CreateOrLoad(
            storage,
            record,
            definition?.Space ?? new Repro.Core.Search.SearchSpace.SearchSpace([]),
            new RandomSampler()
        );
        return From(study, definition?.Metric ?? search?.Metric ?? "value", top);
    }
}
