using System.CommandLine;
using System.Diagnostics;
using Repro.Core;
using Repro.Core.Cache;
using Repro.Core.Lock;
using Repro.Core.Pipeline;
using Repro.Core.Search;
using Repro.Core.Search.Execution;
using Repro.Core.Store;
using Repro.Tool.Reports;

namespace Repro.Tool.Commands;

/// <summary><c>repro plots [EXP...] [-o report.html] [--open]</c>: one self-contained HTML report (issue #10).</summary>
public static class PlotsCommand
{
    /// <summary>Where the report goes when <c>-o</c> is not given, relative to the project.</summary>
    public const string DefaultOutput = "report.html";

    public static Command Create(ToolContext context)
    {
        var experiments = new Argument<string[]>("experiments")
        {
            Description = "Experiments to compare: name, id prefix, 'last' or 'lock' (default: last and lock).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--output", "-o") { Description = $"Report file (default: {DefaultOutput})." };
        var open = new Option<bool>("--open") { Description = "Open it in the default browser." };
        var command = new Command("plots", "Write a self-contained HTML report: curves, metrics, search history.")
        {
            experiments,
            output,
            open,
        };
        command.SetAction(parse =>
        {
            var outputPath = Path.GetFullPath(Path.Combine(context.WorkingDirPath, parse.GetValue(output) ?? DefaultOutput));
            using var project = ProjectContext.Locate(context.WorkingDirPath);
            var model = Build(project, parse.GetValue(experiments) ?? []);
            var html = HtmlReport.Render(model);
            Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
            // Temp file then rename: an interrupted write never leaves a half report over the previous one.
            AtomicFile.WriteAllTextAsync(outputPath, html).GetAwaiter().GetResult();
            context.Out.WriteLine($"wrote {Path.GetRelativePath(context.WorkingDirPath, outputPath)} ({html.Length / 1024} KiB)");
            foreach (var note in model.Notes)
                context.Error.WriteLine($"note: {note}");
            if (parse.GetValue(open))
                Open(outputPath, context);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The report of <paramref name="references"/> (default: the last run and repro.lock) in the project at
    /// <paramref name="project"/>, with the studies of its search stages and its <c>plots:</c> files.
    /// </summary>
    public static ReportModel Build(ProjectContext project, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(project);
        var projectDirPath = project.ProjectDirPath;
        var hasLock = File.Exists(Path.Combine(projectDirPath, LockFile.FileName));
        // Opening creates the store; a report must not leave one behind in a project that has none.
        var store = File.Exists(Path.Combine(project.ReproDirPath, "repro.db")) ? project.Store : null;
        var source = store is null ? null : new StoreReportSource(store, projectDirPath);
        var chosen = references.Count > 0 ? references : source?.DefaultReferences() ?? (hasLock ? ["lock"] : []);
        if (chosen.Count == 0)
            throw new ReproException("nothing to plot: this project has no experiments and no repro.lock", "run 'dotnet repro run' first");
        var experiments = chosen.Select(reference => Load(source, projectDirPath, reference)).ToList();
        // evaluate's matrix lives in its metrics file only, which belongs to the newest run: attach it there.
        var lastId = store?.ListRuns(1).FirstOrDefault()?.Id;
        var notes = new List<string>();
        var pipeline = PipelinePlots.TryLoad(projectDirPath, notes);
        var workspaceMatrices = WorkspaceConfusionMatrices.Read(pipeline, projectDirPath);
        experiments =
        [
            .. experiments.Select(e =>
                e.Snapshot.Id == lastId && e.ConfusionMatrices.Count == 0 && workspaceMatrices.Count > 0
                    ? e with
                    {
                        ConfusionMatrices = workspaceMatrices,
                    }
                    : e
            ),
        ];
        var studies = Studies(project, pipeline, store, Searches(pipeline, notes), notes);
        var entries = PipelinePlots.Read(pipeline);
        var present = entries.Where(p => File.Exists(Path.Combine(projectDirPath, p.Path))).ToList();
        if (present.Count < entries.Count)
            notes.Add($"plots files not found (run their stages first): {string.Join(", ", entries.Except(present).Select(p => p.Path))}");
        var plotFiles = present.Select(p => PlotFileReader.Read(projectDirPath, p.Path, p.X, p.Y)).ToList();
        return new ReportModel(
            $"Repro report: {string.Join(" vs ", experiments.Select(e => e.Snapshot.Name))}",
            experiments,
            studies,
            plotFiles,
            notes
        );
    }

    private static ReportExperiment Load(StoreReportSource? source, string projectDirPath, string reference)
    {
        if (source is not null)
            return source.Load(reference);
        if (reference != "lock")
            throw new ReproException(
                $"no experiment is named or has an id starting with '{reference}'",
                "there is no experiment yet: run 'dotnet repro run' first"
            );
        var lockPath = Path.Combine(projectDirPath, LockFile.FileName);
        if (!File.Exists(lockPath))
            throw new ReproException(
                $"there is no {LockFile.FileName} in {projectDirPath}",
                "a successful full 'dotnet repro run' writes it"
            );
        var lockFile = LockFileSerializer.Read(File.ReadAllText(lockPath), LockFile.FileName);
        return new ReportExperiment(LockSnapshot.From(lockFile), [], []);
    }

    private static void Open(string path, ToolContext context)
    {
        var opener =
            OperatingSystem.IsWindows() ? "explorer"
            : OperatingSystem.IsMacOS() ? "open"
            : "xdg-open";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(opener, path) { UseShellExecute = false });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            context.Error.WriteLine($"could not start '{opener}'; open {path} in a browser");
        }
    }

    // A search stage whose options no longer read leaves its study out of the report, with a note, not the whole report.
    /// <summary>
    /// Every study of the project's study storage, oldest first, each with its own definition: those of earlier definitions
    /// of a search stage too. A search stage that has none yet gets a note.
    /// </summary>
    private static List<ReportStudy> Studies(
        ProjectContext project,
        PipelineFile? pipeline,
        RunStore? store,
        IReadOnlyList<SearchStageOptions> searches,
        List<string> notes
    )
    {
        IStudyStorage? storage = store;
        try
        {
            if (pipeline is not null && !ProjectContext.StudiesAreLocal(pipeline))
                storage = project.Studies(pipeline);
        }
        catch (ReproException ex)
        {
            notes.Add($"the studies are left out: {ex.Message}");
            return [];
        }
        var records = storage?.ListStudies() ?? [];
        foreach (var search in searches.Where(s => !records.Any(r => r.SearchStage == s.StudyName)))
            notes.Add($"search stage '{search.StudyName}' has no trials in the store yet");
        return [.. records.Select(r => StudyReport.Load(storage!, r, searches))];
    }

    private static IReadOnlyList<SearchStageOptions> Searches(PipelineFile? pipeline, List<string> notes)
    {
        try
        {
            return PipelineSearches.Read(pipeline);
        }
        catch (ReproException ex)
        {
            notes.Add($"the search stages of pipeline.yaml do not read, so their studies are left out: {ex.Message}");
            return [];
        }
    }
}
