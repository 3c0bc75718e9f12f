using System.CommandLine;
using Repro.Core;
using Repro.Core.Pipeline;
using Repro.Tool.Reports;
using Repro.Tool.Steps;

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
            var study = Load(project, parse.GetValue(stage), Math.Max(1, parse.GetValue(top)));
            context.Out.Write(StudyText.ToText(study));
            return ExitCodes.Success;
        });
        search.Subcommands.Add(show);
        return search;
    }

    /// <summary>The study of search stage <paramref name="stage"/> (or of the only search stage) from <paramref name="project"/>'s store.</summary>
    public static ReportStudy Load(ProjectContext project, string? stage, int top)
    {
        ArgumentNullException.ThrowIfNull(project);
        var searches = PipelineSearches.Read(
            PipelineLoader.Load(project.ProjectDirPath, new PipelineLoadOptions { Steps = BuiltinSteps.Create() })
        );
        var chosen = stage is null
            ? searches.Count == 1
                ? searches[0]
                : throw new ReproException(
                    searches.Count == 0 ? "pipeline.yaml has no search stage ('uses: search')" : "pipeline.yaml has several search stages",
                    searches.Count == 0 ? null : $"name one: {string.Join(", ", searches.Select(s => s.StudyName))}"
                )
            : searches.FirstOrDefault(s => s.StudyName == stage) is { } found
                ? found
                : throw new ReproException(
                    $"'{stage}' is not a search stage of pipeline.yaml",
                    searches.Count == 0 ? null : $"search stages: {string.Join(", ", searches.Select(s => s.StudyName))}"
                );
        if (!File.Exists(Path.Combine(project.ReproDirPath, "repro.db")))
            throw NoTrials(chosen.StudyName);
        return StudyReport.Load(project.Store, chosen, top) ?? throw NoTrials(chosen.StudyName);
    }

    private static ReproException NoTrials(string stage) =>
        new($"search stage '{stage}' has no trials yet", $"run it: 'dotnet repro run {stage}'");
}
