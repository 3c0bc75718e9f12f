using Repro.Core.Search;

namespace Repro.Tool.Reports;

/// <summary>Turns a search study into the report's <see cref="ReportStudy"/>, with parameter importances.</summary>
public static class StudyReport
{
    /// <summary>A study in memory (or being run).</summary>
    public static ReportStudy From(Study study, string objective)
    {
        ArgumentNullException.ThrowIfNull(study);
        return From(new StudyRecord(study.Name, study.Direction, study.Seed), study.Trials, objective);
    }

    /// <summary>The study named <paramref name="name"/> in <paramref name="storage"/> (the run store), or null when it has none.</summary>
    public static ReportStudy? Load(IStudyStorage storage, string name, string objective)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.TryLoadStudy(name) is { } record ? From(record, storage.LoadTrials(name), objective) : null;
    }

    /// <summary>A study's trials, states and values; importances estimated from its complete trials with the study's seed.</summary>
    public static ReportStudy From(StudyRecord record, IReadOnlyList<Trial> trials, string objective)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(trials);
        var reported = trials
            .OrderBy(t => t.Number)
            .Select(t => new ReportTrial(
                t.Number,
                t.State switch
                {
                    TrialState.Complete => ReportTrialState.Complete,
                    TrialState.Pruned => ReportTrialState.Pruned,
                    TrialState.Failed => ReportTrialState.Failed,
                    _ => ReportTrialState.Running,
                },
                t.Params,
                t.Value,
                t.IntermediateValues
            ))
            .ToList();
        return new ReportStudy(
            record.Name,
            objective,
            record.Direction == StudyDirection.Maximize,
            reported,
            ParamImportanceEstimator.Estimate(reported, record.Seed),
            ParamImportanceEstimator.Method
        );
    }
}
