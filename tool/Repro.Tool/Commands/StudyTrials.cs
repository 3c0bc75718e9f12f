using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Core.Experiments;
using Repro.Core.Pipeline;
using Repro.Core.Search;
using Repro.Core.Store;
using Repro.Tool.Rendering;
using Repro.Tool.Reports;
using Repro.Tool.Steps;

namespace Repro.Tool.Commands;

/// <summary>
/// The trials of one study as <c>exp list --study</c> shows them (issue #7): this project's trial runs of the study, by
/// number, each with its state and objective value as the study storage holds them; and the line per study that the
/// default <c>exp list</c> prints instead of the trials.
/// </summary>
public sealed class StudyTrials
{
    private readonly IReadOnlyDictionary<string, TrialOutcome> byRun;

    private StudyTrials(string study, string objective, IReadOnlyList<(RunRecord Run, TrialOutcome Trial)> rows)
    {
        Study = study;
        Objective = objective;
        Rows = rows;
        byRun = rows.ToDictionary(r => r.Run.Id, r => r.Trial, StringComparer.Ordinal);
    }

    public string Study { get; }

    /// <summary>The objective metric's name.</summary>
    public string Objective { get; }

    /// <summary>Each trial run of the study in this project, by trial number, with how the trial ended as stored.</summary>
    public IReadOnlyList<(RunRecord Run, TrialOutcome Trial)> Rows { get; }

    /// <summary>
    /// The trial runs of <paramref name="study"/> in this project, with their state and value from the project's study
    /// storage (PostgreSQL when the pipeline names one).
    /// </summary>
    /// <exception cref="ReproException">Neither the storage nor this project's runs know the study.</exception>
    public static StudyTrials Load(ProjectContext project, string study)
    {
        ArgumentNullException.ThrowIfNull(project);
        var pipeline = PipelineLoader.Load(project.ProjectDirPath, new PipelineLoadOptions { Steps = BuiltinSteps.Create() });
        var storage = project.Studies(pipeline);
        var record = storage.TryLoadStudy(study);
        var mine = SearchRuns.TrialRunsOf(project.Store, study);
        if (record is null && mine.Count == 0)
        {
            var known = storage
                .ListStudies()
                .Select(s => s.Name)
                .Concat(project.Store.ListRuns().Select(r => SearchRuns.TryGetTrial(r, out var of, out _) ? of : null).OfType<string>())
                .Distinct(StringComparer.Ordinal)
                .ToList();
            throw new ReproException(SearchErrors.UnknownStudy(study, known));
        }
        var stored = record is null ? [] : storage.LoadOutcomes(study).ToDictionary(t => t.Number);
        var objective =
            record?.Definition?.Metric
            ?? PipelineSearches.Read(pipeline).FirstOrDefault(s => s.StudyName == (record?.SearchStage ?? study))?.Metric
            ?? "value";
        return new StudyTrials(
            study,
            objective,
            [
                .. mine.OrderBy(r => r.Number)
                    .ThenByDescending(r => r.Run.CreatedAt)
                    // A trial's run removed from the study storage (or never told) still shows what its run record says.
                    .Select(r =>
                        (r.Run, stored.TryGetValue(r.Number, out var outcome) ? outcome : new TrialOutcome(r.Number, StateOf(r.Run), null))
                    ),
            ]
        );
    }

    /// <summary>The <c>trial</c> object of a run's <c>exp list --json</c> entry: study, number, state, value, objective.</summary>
    public JsonObject? Of(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return byRun.TryGetValue(run.Id, out var trial)
            ? new JsonObject
            {
                ["study"] = Study,
                ["number"] = trial.Number,
                ["state"] = trial.State.ToString().ToLowerInvariant(),
                ["value"] = trial.Value,
                ["objective"] = Objective,
            }
            : null;
    }

    /// <summary>The columns before each run's in the table: trial, state and the objective.</summary>
    public (string[] Header, IReadOnlyList<string[]> Cells) Lead(IEnumerable<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return (
            ["trial", "state", Objective],
            [
                .. runs.Select(r =>
                    byRun[r.Id] is var t
                        ? (string[])
                            [
                                t.Number.ToString(CultureInfo.InvariantCulture),
                                t.State.ToString().ToLowerInvariant(),
                                t.Value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "—",
                            ]
                        : []
                ),
            ]
        );
    }

    /// <summary>
    /// One line per study whose trials ran in this project, newest first: how many, in which states, and the command that
    /// lists them; empty when no search has run.
    /// </summary>
    public static string Summary(IReadOnlyList<(RunRecord Run, string? Kind)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var studies = runs.Select(r => (r.Run, Found: SearchRuns.TryGetTrial(r.Run, r.Kind, out var of, out _), Study: of))
            .Where(r => r.Found)
            .GroupBy(r => r.Study, StringComparer.Ordinal)
            .OrderByDescending(g => g.Max(r => r.Run.CreatedAt))
            .ToList();
        if (studies.Count == 0)
            return "";
        var rows = studies
            .Select(g =>
            {
                var states = string.Join(
                    ", ",
                    g.GroupBy(r => r.Run.Status)
                        .OrderBy(s => s.Key)
                        .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Count()} {s.Key.ToString().ToLowerInvariant()}"))
                );
                var count = g.Count();
                return (string[])
                    [
                        g.Key,
                        string.Create(CultureInfo.InvariantCulture, $"{count} trial{(count == 1 ? "" : "s")}: {states}"),
                        $"dotnet repro exp list --study {g.Key}",
                    ];
            })
            .ToList();
        var widths = Enumerable.Range(0, 2).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder("searches (their trials are not listed above; --kind all lists every run):\n");
        foreach (var row in rows)
            text.Append("  ")
                .Append(row[0].PadRight(widths[0]))
                .Append("  ")
                .Append(row[1].PadRight(widths[1]))
                .Append("  ")
                .Append(row[2])
                .Append('\n');
        return text.ToString();
    }

    private static TrialState StateOf(RunRecord run) =>
        run.Status switch
        {
            RunStatus.Succeeded => TrialState.Complete,
            RunStatus.Pruned => TrialState.Pruned,
            RunStatus.Running => TrialState.Running,
            _ => TrialState.Failed,
        };
}
