using Repro.Core.Search;
using Repro.Core.Search.Execution;

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

    /// <summary>The study of search stage <paramref name="search"/> in <paramref name="storage"/>, or null when it has none yet.</summary>
    public static ReportStudy? Load(IStudyStorage storage, SearchStageOptions search, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(search);
        // The stored record (not the pipeline's) opens the study, so a seed edited since the search ran is no error here.
        if (storage.TryLoadStudy(search.StudyName) is not { } record)
            return null;
        return From(Study.CreateOrLoad(storage, record, search.Space, search.Sampler, search.Pruner), search.Metric, top);
    }
}
