using System.CommandLine;
using System.Globalization;
using Repro.Core;
using Repro.Core.Experiments;
using Repro.Core.Pipeline;
using Repro.Core.Search;
using Repro.Core.Search.Execution;
using Repro.Core.Store;
using Repro.Tool.Reports;
using Repro.Tool.Steps;

namespace Repro.Tool.Commands;

/// <summary>
/// <c>repro search show [STUDY]</c>: a study's best trial, top trials, history and importances, or the list of studies when
/// there are several; <c>repro search rm STUDY</c>: drops a study and its trials' runs (issue #7, #10).
/// </summary>
public static class SearchCommand
{
    public static Command Create(ToolContext context)
    {
        var search = new Command("search", "Inspect and remove hyperparameter studies.");
        search.Subcommands.Add(Show(context));
        search.Subcommands.Add(Remove(context));
        return search;
    }

    private static Command Show(ToolContext context)
    {
        var name = new Argument<string>("study")
        {
            Description = "A study (tune, tune@2), or a search stage for the study it works on now (default: the only study).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var top = new Option<int>("--top") { Description = "How many of the best trials to list.", DefaultValueFactory = _ => 10 };
        var show = new Command("show", "Best trial, history and importances of a study; the list of studies when there are several.")
        {
            name,
            top,
        };
        show.SetAction(parse =>
        {
            using var project = ProjectContext.Locate(context.WorkingDirPath);
            var (storage, searches, studies) = Open(project);
            var chosen = parse.GetValue(name) is { } given ? Find(storage, searches, studies, given) : Only(searches, studies);
            if (chosen is null)
            {
                context.Out.Write(StudyText.List(storage, studies, searches));
                return ExitCodes.Success;
            }
            context.Out.Write(StudyText.ToText(StudyReport.Load(storage, chosen, searches, Math.Max(1, parse.GetValue(top)))));
            return ExitCodes.Success;
        });
        return show;
    }

    private static Command Remove(ToolContext context)
    {
        var name = new Argument<string>("study") { Description = "The study to drop, as 'search show' lists it (tune, tune@2)." };
        var remove = new Command("rm", "Drop a study: its trials, and the runs of its trials in this project.") { name };
        remove.SetAction(parse =>
        {
            using var project = ProjectContext.Locate(context.WorkingDirPath);
            var (storage, _, studies) = Open(project);
            var given = parse.GetValue(name)!;
            var study =
                studies.FirstOrDefault(s => s.Name == given)
                ?? throw new ReproException(SearchErrors.UnknownStudy(given, [.. studies.Select(s => s.Name)]));
            // A search of this project running meanwhile would write trials into the study being dropped.
            using var projectLock = ProjectLock.Acquire(project.ReproDirPath, TimeSpan.FromSeconds(5));
            var trials = storage.LoadTrials(study.Name).Count;
            var runs = SearchRuns.TrialRunsOf(project.Store, study.Name);
            foreach (var (run, _) in runs)
                project.Store.DeleteRun(run.Id);
            storage.DeleteStudy(study.Name);
            context.Out.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"removed study '{study.Name}': {trials} trial{(trials == 1 ? "" : "s")}, {runs.Count} trial run{(runs.Count == 1 ? "" : "s")} (their cache objects go with the next 'repro gc')"
                )
            );
            return ExitCodes.Success;
        });
        return remove;
    }

    /// <summary>The project's study storage, its pipeline's search stages and its studies (none when it has no store yet).</summary>
    private static (IStudyStorage Storage, IReadOnlyList<SearchStageOptions> Searches, IReadOnlyList<StudyRecord> Studies) Open(
        ProjectContext project
    )
    {
        var pipeline = PipelineLoader.Load(project.ProjectDirPath, new PipelineLoadOptions { Steps = BuiltinSteps.Create() });
        var searches = PipelineSearches.Read(pipeline);
        // Opening creates .repro/repro.db: a project that never ran has no study, and keeps no empty store.
        var local = ProjectContext.StudiesAreLocal(pipeline);
        if (local && !File.Exists(Path.Combine(project.ReproDirPath, "repro.db")))
            return (new InMemoryStudyStorage(), searches, []);
        var storage = project.Studies(pipeline);
        return (storage, searches, storage.ListStudies());
    }

    /// <summary>
    /// The study <paramref name="name"/> names: a study of that name, else the study search stage <paramref name="name"/>
    /// works on now (or its latest).
    /// </summary>
    private static StudyRecord Find(
        IStudyStorage storage,
        IReadOnlyList<SearchStageOptions> searches,
        IReadOnlyList<StudyRecord> studies,
        string name
    )
    {
        if (studies.FirstOrDefault(s => s.Name == name) is { } study)
            return study;
        if (searches.FirstOrDefault(s => s.StudyName == name) is { } search)
            return StageStudies.Current(storage, name, search.Definition)
                ?? studies.LastOrDefault(s => s.SearchStage == name)
                ?? throw NoTrials(name);
        throw new ReproException(SearchErrors.UnknownStudy(name, [.. studies.Select(s => s.Name)]));
    }

    /// <summary>The only study; null when there are several (they are listed); an error when there is none.</summary>
    private static StudyRecord? Only(IReadOnlyList<SearchStageOptions> searches, IReadOnlyList<StudyRecord> studies) =>
        studies.Count switch
        {
            1 => studies[0],
            0 => throw (
                searches.Count == 1 ? NoTrials(searches[0].StudyName)
                : searches.Count == 0 ? new ReproException("pipeline.yaml has no search stage ('uses: search') and the store has no study")
                : new ReproException("no search stage has run yet", $"run one: {string.Join(", ", searches.Select(s => s.StudyName))}")
            ),
            _ => null,
        };

    private static ReproException NoTrials(string stage) =>
        new($"search stage '{stage}' has no trials yet", $"run it: 'dotnet repro run {stage}'");
}
