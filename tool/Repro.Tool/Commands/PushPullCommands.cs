using System.CommandLine;
using Repro.Core;
using Repro.Core.Cache;
using Repro.Core.Graph;
using Repro.Core.Pipeline;
using Repro.Core.Remote;
using Repro.Core.Steps;
using Repro.Core.Store;
using Repro.Tool.Rendering;

namespace Repro.Tool.Commands;

/// <summary>
/// <c>repro push [--remote R] [--jobs N] [--json] [STAGE...]</c> and <c>repro pull ...</c>: move the cache objects and
/// run-cache records of the stages (all stages of pipeline.yaml when none is named) to and from a remote of <c>remotes:</c>.
/// Exit 0 when everything needed moved or was already there, 1 when an object could not be moved (corrupted, unreachable).
/// </summary>
public static class PushPullCommands
{
    public static Command Push(ToolContext context, Func<StepCatalog> steps) =>
        Create(context, steps, "push", "Send the cache objects and run-cache records the remote lacks.", push: true);

    public static Command Pull(ToolContext context, Func<StepCatalog> steps) =>
        Create(
            context,
            steps,
            "pull",
            "Fetch the cache objects and run-cache records this project lacks, so 'run' restores them.",
            push: false
        );

    /// <summary>
    /// <c>repro run --pull</c>: pulls what the stages about to run need, before the runner decides what to execute, and
    /// says what came (stdout, unless <c>--json</c>) and what failed (stderr). A failed object only means its stage runs.
    /// </summary>
    public static async Task PullBeforeRunAsync(
        ToolContext context,
        PipelineFile pipeline,
        RunSettings settings,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.DryRun)
            throw new ReproException(RemoteErrors.PullWithDryRun());
        var spec = RemoteFactory.Select(pipeline, settings.Remote);
        var stages = new StageGraph(pipeline).Closure(settings.Stages).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var report = await TransferAsync(pipeline.ProjectDirPath, spec, stages, spec.Jobs, push: false, takeLock: false, cancellationToken);
        if (!settings.Json)
            await context.Out.WriteLineAsync(Summary(report, push: false));
        foreach (var failure in report.Failures)
            await context.Error.WriteLineAsync($"error: {failure.Message}");
    }

    private static Command Create(ToolContext context, Func<StepCatalog> steps, string name, string description, bool push)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stagesArgument = new Argument<string[]>("stages")
        {
            Description = "Stages whose results move; all stages of pipeline.yaml when omitted.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var remote = new Option<string>("--remote", "-r")
        {
            Description = "The remote (a name under 'remotes:'); the default one when omitted.",
        };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Objects to move at once (default: the remote's 'jobs', or 8)." };
        var json = GlobalOptions.Json();
        var command = new Command(name, description) { stagesArgument, remote, jobs, json };
        command.SetAction(
            async (parse, cancellationToken) =>
            {
                var project = ProjectLocator.Find(context.WorkingDirPath);
                // Deps need not exist: a fresh clone pulls before it has anything a stage produces.
                var pipeline = PipelineLoader.Load(project, new PipelineLoadOptions { Steps = steps(), CheckDepsExist = false });
                var named = parse.GetValue(stagesArgument) ?? [];
                var known = pipeline.Stages.Select(s => s.Name).ToList();
                var unknown = named.Where(s => !known.Contains(s)).ToList();
                if (unknown.Count > 0)
                    throw new ReproException([.. unknown.Select(s => PipelineErrors.UnknownStage(s, known))]);
                if (parse.GetValue(jobs) is < 1)
                    throw new ReproException($"--jobs must be at least 1, not {parse.GetValue(jobs)}");
                var spec = RemoteFactory.Select(pipeline, parse.GetValue(remote));
                var stages = (named.Length > 0 ? named : (IEnumerable<string>)known).ToHashSet(StringComparer.Ordinal);
                var report = await TransferAsync(
                    project,
                    spec,
                    stages,
                    parse.GetValue(jobs) ?? spec.Jobs,
                    push,
                    takeLock: true,
                    cancellationToken
                );
                if (parse.GetValue(json))
                    JsonOutput.Write(
                        context.Out,
                        new
                        {
                            Direction = name,
                            report.Remote,
                            report.ObjectsTransferred,
                            report.ObjectsSkipped,
                            report.BytesTransferred,
                            report.ObjectsMissing,
                            report.RecordsTransferred,
                            report.RecordsSkipped,
                            report.Failures,
                        }
                    );
                else
                    await context.Out.WriteLineAsync(Summary(report, push));
                foreach (var failure in report.Failures)
                    await context.Error.WriteLineAsync($"error: {failure.Message}");
                return report.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
            }
        );
        return command;
    }

    private static async Task<TransferReport> TransferAsync(
        string project,
        RemoteSpec spec,
        IReadOnlySet<string> stages,
        int? jobs,
        bool push,
        bool takeLock,
        CancellationToken cancellationToken
    )
    {
        using var remote = RemoteFactory.Open(spec);
        var reproDir = Path.Combine(project, ".repro");
        // The project lock: gc must not drop objects a push is reading, nor a run write the cache a pull fills. run --pull holds it already.
        using var projectLock = takeLock ? ProjectLock.Acquire(reproDir, RunCommand.LockWait, cancellationToken) : null;
        using var store = RunStore.Open(Path.Combine(reproDir, "repro.db"));
        var sync = new RemoteSync(
            spec.Name,
            remote,
            store,
            new ObjectStore(Path.Combine(reproDir, "cache")),
            new RemoteSyncOptions { Jobs = jobs ?? 8 }
        );
        return push ? await sync.PushAsync(stages, cancellationToken) : await sync.PullAsync(stages, cancellationToken);
    }

    private static string Summary(TransferReport report, bool push)
    {
        var (verb, direction, there) = push ? ("pushed", "to", "there") : ("pulled", "from", "here");
        var text =
            $"{verb} {report.ObjectsTransferred} objects ({Sizes.Bytes(report.BytesTransferred)}) {direction} '{report.Remote}', "
            + $"{report.ObjectsSkipped} already {there}; {report.RecordsTransferred} run-cache records {verb}, {report.RecordsSkipped} already {there}";
        if (report.ObjectsMissing > 0)
            text += push
                ? $"; {report.ObjectsMissing} objects are no longer in the local cache (their stages were not pushed)"
                : $"; {report.ObjectsMissing} objects are not on the remote";
        return text;
    }
}
