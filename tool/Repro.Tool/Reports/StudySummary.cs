using System.Globalization;
using System.Text;
using Repro.Tool.Rendering;

namespace Repro.Tool.Reports;

/// <summary>A study in words: what <c>repro search show</c> prints and the report's top-trials table.</summary>
public static class StudySummary
{
    /// <summary>The header of the top-trials table (after the rank): trial, state, the objective, then each parameter.</summary>
    public static string[] TopHeader(ReportStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return ["trial", study.Objective, .. ParamNames(study)];
    }

    /// <summary>The best <paramref name="count"/> complete trials, best first, each row starting with its rank.</summary>
    public static IEnumerable<string[]> TopRows(ReportStudy study, int count)
    {
        ArgumentNullException.ThrowIfNull(study);
        var names = ParamNames(study);
        var complete = study.Trials.Where(t => t.State == ReportTrialState.Complete && t.Value is not null);
        var ranked = study.Maximize ? complete.OrderByDescending(t => t.Value) : complete.OrderBy(t => t.Value);
        return ranked
            .ThenBy(t => t.Number)
            .Take(count)
            .Select(
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
    public static string ToText(ReportStudy study, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(study);
        var text = new StringBuilder();
        var counts = study
            .Trials.GroupBy(t => t.State)
            .OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        text.Append(CultureInfo.InvariantCulture, $"study {study.Name}: {study.Trials.Count} trials ({string.Join(", ", counts)})\n");
        text.Append(CultureInfo.InvariantCulture, $"objective {study.Objective} ({(study.Maximize ? "maximize" : "minimize")})\n");
        if (study.Best is not { } best)
        {
            text.Append("no complete trial yet\n");
            return text.ToString();
        }
        text.Append(CultureInfo.InvariantCulture, $"best trial {best.Number}: {study.Objective} = {DiffRendering.Show(best.Value)}\n");
        foreach (var (name, value) in best.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append(CultureInfo.InvariantCulture, $"  {name} = {Show(value)}\n");
        text.Append(CultureInfo.InvariantCulture, $"\ntop {top}\n");
        Columns(text, ["rank", .. TopHeader(study)], TopRows(study, top));
        text.Append("\nhistory (best so far)\n");
        Columns(text, ["trials", "best", "at trial"], History(study));
        text.Append('\n');
        if (study.Importances.Count == 0)
            text.Append("importance: not enough complete trials\n");
        else
        {
            text.Append("importance\n");
            var width = study.Importances.Max(i => i.Param.Length);
            foreach (var importance in study.Importances)
                text.Append(
                    CultureInfo.InvariantCulture,
                    $"  {importance.Param.PadRight(width)}  {importance.Importance, 6:P1}  {new string('#', (int)Math.Round(importance.Importance * 40))}\n"
                );
        }
        return text.ToString();
    }

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
    private static IEnumerable<string[]> History(ReportStudy study)
    {
        var finished = study.Trials.Where(t => t.State != ReportTrialState.Running).OrderBy(t => t.Number).ToList();
        ReportTrial? best = null;
        var marks = new SortedSet<int> { finished.Count };
        for (var scale = 1; scale <= finished.Count; scale *= 10)
            marks.UnionWith([scale, 2 * scale, 5 * scale]);
        for (var i = 0; i < finished.Count; i++)
        {
            var trial = finished[i];
            if (trial.State == ReportTrialState.Complete && trial.Value is { } v && (best is null || study.IsBetter(v, best.Value!.Value)))
                best = trial;
            if (marks.Contains(i + 1) && best is not null)
                yield return
                [
                    (i + 1).ToString(CultureInfo.InvariantCulture),
                    DiffRendering.Show(best.Value),
                    best.Number.ToString(CultureInfo.InvariantCulture),
                ];
        }
    }

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
