using System.Globalization;
using System.Text;
using Repro.Core.Search;
using Repro.Core.Search.Execution;
using Repro.Tool.Rendering;

namespace Repro.Tool.Reports;

/// <summary>A study in words: what <c>repro search show</c> prints and the report's top-trials table.</summary>
public static class StudyText
{
    /// <summary>The header of the top-trials table (after the rank): trial, the objective, then each parameter.</summary>
    public static string[] TopHeader(ReportStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return ["trial", study.Objective, .. ParamNames(study)];
    }

    /// <summary>The summary's best complete trials, best first, each row starting with its rank.</summary>
    public static IEnumerable<string[]> TopRows(ReportStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var names = ParamNames(study);
        return study.Summary.Top.Select(
            (t, i) =>
                (string[])
                    [
                        (i + 1).ToString(CultureInfo.InvariantCulture),
                        t.Number.ToString(CultureInfo.InvariantCulture),
                        DiffRendering.Show(t.Value),
                        .. names.Select(n => t.Params.TryGetValue(n, out var v) ? Show(v) : "—"),
                    ]
        );
    }

    /// <summary>The terminal summary: counts, best trial, top trials, best-so-far history, importances.</summary>
    public static string ToText(ReportStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var summary = study.Summary;
        var text = new StringBuilder();
        var counts = summary
            .Counts.Where(c => c.Value > 0)
            .OrderBy(c => c.Key)
            .Select(c => $"{c.Value} {c.Key.ToString().ToLowerInvariant()}");
        text.Append(CultureInfo.InvariantCulture, $"study {study.Name}: {study.Trials.Count} trials ({string.Join(", ", counts)})\n");
        text.Append(CultureInfo.InvariantCulture, $"objective {study.Objective} ({study.Direction.ToYaml()})\n");
        if (summary.Best is not { } best)
        {
            text.Append("no complete trial yet\n");
            return text.ToString();
        }
        text.Append(CultureInfo.InvariantCulture, $"best trial {best.Number}: {study.Objective} = {DiffRendering.Show(best.Value)}\n");
        foreach (var (name, value) in best.Params)
            text.Append(CultureInfo.InvariantCulture, $"  {name} = {Show(value)}\n");
        text.Append(CultureInfo.InvariantCulture, $"\ntop {summary.Top.Count}\n");
        Columns(text, ["rank", .. TopHeader(study)], TopRows(study));
        text.Append("\nhistory (best so far)\n");
        Columns(text, ["trials", "best", "at trial"], History(summary));
        text.Append('\n');
        if (summary.Importances.Count == 0)
            text.Append("importance: not enough complete trials\n");
        else
        {
            text.Append("importance (").Append(ImportanceMethod).Append(")\n");
            var width = summary.Importances.Max(i => i.Key.Length);
            foreach (var (param, importance) in summary.Importances)
                text.Append(
                    CultureInfo.InvariantCulture,
                    $"  {param.PadRight(width)}  {importance, 6:P1}  {new string('#', (int)Math.Round(importance * 40))}\n"
                );
        }
        return text.ToString();
    }

    /// <summary>
    /// The studies of a store, oldest first, as <c>repro search show</c> lists them when there are several: each one's search
    /// stage, trials, best value, and whether it is the study its stage works on now or what differs from pipeline.yaml.
    /// </summary>
    public static string List(IStudyStorage storage, IReadOnlyList<StudyRecord> studies, IReadOnlyList<SearchStageOptions> searches)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(studies);
        ArgumentNullException.ThrowIfNull(searches);
        var current = searches
            .Select(s => StageStudies.Current(storage, s.StudyName, s.Definition)?.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var rows = studies.Select(study =>
        {
            var search = searches.FirstOrDefault(s => s.StudyName == study.SearchStage);
            var trials = storage.LoadTrials(study.Name);
            var best = StudyFiles.Best(trials, study.Direction);
            var metric = study.Definition?.Metric ?? search?.Metric ?? "value";
            var standing =
                current.Contains(study.Name) ? "current: pipeline.yaml's definition"
                : search is null ? $"'{study.SearchStage}' is not a search stage of pipeline.yaml"
                : study.Definition is { } definition ? Differs(search.Definition.Differences(definition))
                : "an older Repro's, which recorded no definition; not the one the stage works on now";
            return (string[])
                [
                    study.Name,
                    study.SearchStage,
                    trials.Count.ToString(CultureInfo.InvariantCulture),
                    best is null
                        ? "—"
                        : $"{metric} {DiffRendering.Show(best.Value)} (#{best.Number.ToString(CultureInfo.InvariantCulture)})",
                    standing,
                ];
        });
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{studies.Count} studies; 'dotnet repro search show STUDY' shows one\n");
        Columns(text, ["study", "stage", "trials", "best", "definition"], rows);
        return text.ToString();
    }

    /// <summary>How the importances are computed, in a few words.</summary>
    public const string ImportanceMethod =
        "fANOVA main effects of a seeded 64-tree random forest over the complete trials, as Optuna's default";

    /// <summary>A parameter value as the tables show it.</summary>
    public static string Show(object? value) =>
        value switch
        {
            null => "—",
            double d => d.ToString("G6", CultureInfo.InvariantCulture),
            float f => f.ToString("G6", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

    // The best value after 1, 2, 5, 10, 20, 50, ... finished trials and at the end: the shape of the curve in a few lines.
    private static IEnumerable<string[]> History(StudySummary summary)
    {
        var finished = summary.History.Where(h => h.State != TrialState.Running).ToList();
        var marks = new SortedSet<int> { finished.Count };
        for (var scale = 1; scale <= finished.Count; scale *= 10)
            marks.UnionWith([scale, 2 * scale, 5 * scale]);
        int? bestAt = null;
        for (var i = 0; i < finished.Count; i++)
        {
            var point = finished[i];
            if (point.Value is { } v && v == point.BestSoFar && (bestAt is null || finished[i - 1].BestSoFar != v))
                bestAt = point.Number;
            if (marks.Contains(i + 1) && point.BestSoFar is { } best)
                yield return
                [
                    (i + 1).ToString(CultureInfo.InvariantCulture),
                    DiffRendering.Show(best),
                    bestAt?.ToString(CultureInfo.InvariantCulture) ?? "—",
                ];
        }
    }

    private static string Differs(IReadOnlyList<string> parts) =>
        $"{StudyDefinition.Words(parts)} differ{(parts.Count == 1 ? "s" : "")} from pipeline.yaml";

    private static List<string> ParamNames(ReportStudy study) =>
        [.. study.Trials.SelectMany(t => t.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static void Columns(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
            text.Append("  ").Append(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd()).Append('\n');
    }
}
