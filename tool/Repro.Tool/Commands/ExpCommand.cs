using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Core.Experiments;
using Repro.Core.Store;
using Repro.Tool.Rendering;

namespace Repro.Tool.Commands;

/// <summary><c>repro exp list|show|rm</c>: the experiments recorded in this project.</summary>
public static class ExpCommand
{
    public static Command Create(ToolContext context)
    {
        var exp = new Command("exp", "List, show and remove experiments.");
        exp.Subcommands.Add(List(context));
        exp.Subcommands.Add(Show(context));
        exp.Subcommands.Add(Remove(context));
        return exp;
    }

    /// <summary>What <c>exp list --kind</c> accepts: a user's runs, the runs searches made (trials, upstream runs), or both.</summary>
    private static readonly string[] Kinds = ["run", "trial", "all"];

    private static Command List(ToolContext context)
    {
        var json = GlobalOptions.Json();
        var sort = new Option<string>("--sort") { Description = "Sort by this metric (highest first; see --asc)." };
        var ascending = new Option<bool>("--asc") { Description = "With --sort: lowest first." };
        var limit = new Option<int?>("--limit", "-n") { Description = "Show at most this many experiments." };
        var study = new Option<string>("--study")
        {
            Description = "List the trials of this study (tune, tune@2), by number, with their state and objective.",
        };
        var kind = new Option<string>("--kind")
        {
            Description =
                "run: your runs, and one line per study for the trials of searches (the default); trial: the runs searches made; all: every run.",
        };
        var command = new Command("list", "List experiments: name, id, when, status, changed params, key metrics.")
        {
            json,
            sort,
            ascending,
            limit,
            study,
            kind,
        };
        command.SetAction(parse =>
        {
            var studyName = parse.GetValue(study);
            var kindName = parse.GetValue(kind) ?? (studyName is null ? "run" : "trial");
            if (!Kinds.Contains(kindName))
                throw new ReproException(
                    $"--kind must be run, trial or all, not '{kindName}'",
                    "run: your own runs (the default); trial: the runs searches made (trials, upstream runs); all: every run"
                );
            if (studyName is not null && kindName == "run")
                throw new ReproException("--study lists the trials of a study, which --kind run leaves out", "drop --kind");
            using var project = ProjectContext.Locate(context.WorkingDirPath);
            // A study's listing reads only that study's runs: the rest of the store can be much larger.
            var trials = studyName is null ? null : StudyTrials.Load(project, studyName);
            var runs = trials is null ? SearchRuns.ListWithKinds(project.Store) : [];
            List<(RunRecord Run, string? Kind)> listed =
            [
                .. trials is not null ? trials.Rows.Select(r => (r.Run, Kind: (string?)SearchRuns.TrialKind))
                : kindName == "run" ? runs.Where(r => !SearchRuns.IsSearchKind(r.Kind))
                : kindName == "trial" ? runs.Where(r => SearchRuns.IsSearchKind(r.Kind))
                : runs,
            ];
            var kinds = listed.ToDictionary(r => r.Run.Id, r => r.Kind, StringComparer.Ordinal);
            var rows = ExperimentRow.ReadMany(project.Store, [.. listed.Select(r => r.Run)]);
            if (parse.GetValue(sort) is { } metric)
            {
                if (rows.Count > 0 && !rows.Any(r => r.Metrics.ContainsKey(metric)))
                {
                    var known = rows.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal);
                    throw new ReproException($"no experiment has a metric '{metric}'", $"metrics recorded: {string.Join(", ", known)}");
                }
                // Runs without the metric go last whatever the order: they cannot be ranked.
                rows = parse.GetValue(ascending)
                    ? [.. rows.OrderBy(r => r.Metrics.TryGetValue(metric, out var v) ? v : double.PositiveInfinity)]
                    : [.. rows.OrderByDescending(r => r.Metrics.TryGetValue(metric, out var v) ? v : double.NegativeInfinity)];
            }
            if (parse.GetValue(limit) is { } n)
                rows = [.. rows.Take(Math.Max(0, n))];
            if (parse.GetValue(json))
            {
                JsonOutput.Write(
                    context.Out,
                    new JsonArray([.. rows.Select(r => (JsonNode)ExperimentJson.Summary(r, kinds[r.Run.Id], trials?.Of(r.Run)))])
                );
                return ExitCodes.Success;
            }
            var summary = kindName == "run" ? StudyTrials.Summary(runs) : "";
            if (rows.Count == 0 && summary.Length == 0)
            {
                context.Out.WriteLine(
                    trials is not null ? $"study '{trials.Study}' has no trial runs in this project"
                    : kindName == "trial" ? "no search has run yet"
                    : "no experiments yet: 'dotnet repro run' records one per run"
                );
                return ExitCodes.Success;
            }
            if (rows.Count > 0)
                context.Out.Write(ExperimentTable.Render(rows, trials?.Lead(rows.Select(r => r.Run))));
            if (summary.Length > 0)
                context.Out.Write((rows.Count > 0 ? "\n" : "") + summary);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(ToolContext context)
    {
        var json = GlobalOptions.Json();
        var id = new Argument<string>("id") { Description = "Name, id prefix or 'last'." };
        var command = new Command("show", "Show one experiment's whole record.") { id, json };
        command.SetAction(parse =>
        {
            using var project = ProjectContext.Locate(context.WorkingDirPath);
            var resolver = new ExperimentResolver(project.Store, project.ProjectDirPath);
            var run = resolver.ResolveRun(parse.GetValue(id)!);
            var record = ExperimentJson.Full(project.Store, run);
            if (parse.GetValue(json))
                JsonOutput.Write(context.Out, record);
            else
                context.Out.Write(ExperimentJson.ToText(record));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(ToolContext context)
    {
        var ids = new Argument<string[]>("ids") { Description = "Names, id prefixes or 'last'.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("rm", "Remove experiments (their cache objects go with the next 'repro gc').") { ids };
        command.SetAction(parse =>
        {
            using var project = ProjectContext.Locate(context.WorkingDirPath);
            var resolver = new ExperimentResolver(project.Store, project.ProjectDirPath);
            // Resolve every reference before deleting any: a typo in the third must not leave the first two gone.
            var runs = parse.GetValue(ids)!.Select(resolver.ResolveRun).DistinctBy(r => r.Id).ToList();
            foreach (var run in runs)
            {
                project.Store.DeleteRun(run.Id);
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"removed {run.Name} ({run.Id})"));
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
