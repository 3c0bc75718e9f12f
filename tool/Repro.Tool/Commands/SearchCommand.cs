using System.CommandLine;
using Repro.Core;
using Repro.Tool.Reports;

namespace Repro.Tool.Commands;

/// <summary><c>repro search show [STAGE]</c>: a study's best trial, top trials, history and importances (issue #7, #10).</summary>
public static class SearchCommand
{
    public static Command Create(ToolContext context)
    {
        var search = new Command("search", "Inspect hyperparameter studies.");
        var stage = new Argument<string>("stage")
        {
            Description = "The search stage (default: the only one).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var top = new Option<int>("--top") { Description = "How many of the best trials to list.", DefaultValueFactory = _ => 10 };
        var show = new Command("show", "Best trial, history and importances of a study.") { stage, top };
        show.SetAction(parse =>
        {
            using var project = ProjectContext.Locate(context.WorkingDirPath);
            var study = Load(project, parse.GetValue(stage));
            context.Out.Write(StudySummary.ToText(study, Math.Max(1, parse.GetValue(top))));
            return ExitCodes.Success;
        });
        search.Subcommands.Add(show);
        return search;
    }

    /// <summary>The study of search stage <paramref name="stage"/> (or of the only search stage) from <paramref name="project"/>'s store.</summary>
    public static ReportStudy Load(ProjectContext project, string? stage)
    {
        ArgumentNullException.ThrowIfNull(project);
        var searches = PipelineSearches.Read(project.ProjectDirPath);
        var chosen = stage is null
            ? searches.Count == 1
                ? searches[0]
                : throw new ReproException(
                    searches.Count == 0 ? "pipeline.yaml has no search stage ('uses: search')" : "pipeline.yaml has several search stages",
                    searches.Count == 0 ? null : $"name one: {string.Join(", ", searches.Select(s => s.Stage))}"
                )
            : searches.FirstOrDefault(s => s.Stage == stage) is { Stage: not null } found
                ? found
                : throw new ReproException(
                    $"'{stage}' is not a search stage of pipeline.yaml",
                    searches.Count == 0 ? null : $"search stages: {string.Join(", ", searches.Select(s => s.Stage))}"
                );
        if (!File.Exists(Path.Combine(project.ReproDirPath, "repro.db")))
            throw new ReproException($"search stage '{chosen.Stage}' has no trials yet", $"run it: 'dotnet repro run {chosen.Stage}'");
        return StudyReport.Load(project.Store, chosen.Stage, chosen.Objective)
            ?? throw new ReproException($"search stage '{chosen.Stage}' has no trials yet", $"run it: 'dotnet repro run {chosen.Stage}'");
    }
}
