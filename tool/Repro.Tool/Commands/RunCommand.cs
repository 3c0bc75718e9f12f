using System.CommandLine;
using Repro.Core;
using Repro.Core.Cache;
using Repro.Core.Execution;
using Repro.Core.Graph;
using Repro.Core.Lock;
using Repro.Core.Pipeline;
using Repro.Core.Search;
using Repro.Core.Search.Execution;
using Repro.Core.Steps;
using Repro.Core.Store;
using Repro.Tool.Rendering;

namespace Repro.Tool.Commands;

/// <summary>
/// <c>repro run [STAGE...] [--name N] [--set k=v]... [--force] [--dry-run] [--jobs N] [--json]</c>: runs the pipeline,
/// restoring what is cached, and records the run as an experiment. Exit 0 when every stage succeeded, 1 when one failed.
/// </summary>
public static class RunCommand
{
    /// <summary>How long a second <c>repro run</c> waits for the first to release the project before giving up.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(5);

    public static Command Create(ToolContext context, Func<StepCatalog> steps)
    {
        ArgumentNullException.ThrowIfNull(context);
        var symbols = new RunSettings.Symbols();
        var command = new Command("run", "Run the pipeline's stages in dependency order, restoring what is cached.");
        symbols.AddTo(command);
        command.SetAction(
            (parse, cancellationToken) =>
                RunAsync(
                    context,
                    steps(),
                    symbols.Read(parse),
                    "repro " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
                    cancellationToken
                )
        );
        return command;
    }

    public static async Task<int> RunAsync(
        ToolContext context,
        StepCatalog steps,
        RunSettings settings,
        string commandLine,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Jobs < 1)
            throw new ReproException($"--jobs must be at least 1, not {settings.Jobs}", "use --jobs 1 to run one stage at a time");
        var project = ProjectLocator.Find(context.WorkingDirPath);
        var overrides = ParamOverrides.Parse(settings.Set);
        var pipeline = PipelineLoader.Load(project, new PipelineLoadOptions { Overrides = overrides, Steps = steps });
        // Unknown stage names and bad searches are input errors: report them before taking the lock or touching anything.
        SearchStageOptions.Validate(pipeline, new StageGraph(pipeline).Closure(settings.Stages));

        using var projectLock = settings.DryRun ? null : ProjectLock.Acquire(Path.Combine(project, ".repro"), LockWait, cancellationToken);
        if (settings.Pull)
            await PushPullCommands.PullBeforeRunAsync(context, pipeline, settings, cancellationToken);
        // Stages with executor: slurm become batch jobs; SlurmExecutor hands every other stage to the local executor.
        IStageExecutor executor = settings.DryRun
            ? new DryRunExecutor()
            : new Repro.Core.Execution.Slurm.SlurmExecutor(new CommandExecutor(SelfCommand.Resolve()), SelfCommand.Resolve());
        var console = ConsoleView.Create(context, settings);
        using var log = new LogRunObserver(settings.Verbose);
        var observer = new CompositeRunObserver(console.Observer, log);
        var environment = RunEnvironment.Facts();
        // Studies go to PostgreSQL when REPRO_STORE or store: names it (several machines on one study); runs stay in .repro/repro.db.
        using var studies = settings.DryRun ? null : StoreLocator.OpenShared(pipeline, context.Time);

        RunResult result;
        await using (
            var services = RunnerServices.Open(
                project,
                executor,
                observer,
                steps,
                context.Time,
                environment,
                settings.DryRun ? null : s => SearchExecutorFor(s, studies)
            )
        )
        {
            var runner = new Runner(pipeline, services);
            var options = new RunOptions
            {
                Targets = settings.Stages,
                Force = settings.Force,
                Jobs = settings.Jobs,
                Name = settings.Name,
                CommandLine = commandLine,
            };
            result = await console.RunAsync(() => runner.RunAsync(options, cancellationToken));
        }
        log.RunFinished(result);
        // repro.lock is what the committed files reproduce: only a successful run of every stage, without --set, rewrites it.
        if (!settings.DryRun && settings.Stages.Count == 0 && overrides.Count == 0 && result.Succeeded)
            await AtomicFile.WriteAllTextAsync(
                Path.Combine(project, LockFile.FileName),
                LockFileSerializer.Write(LockBuilder.Build(pipeline, result)),
                cancellationToken
            );

        if (settings.Json)
            JsonOutput.Write(context.Out, RunReport.From(result, settings.DryRun));
        else
            console.Finish(result, settings.DryRun, project);
        return result.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>
    /// Runs <c>uses: search</c> stages: trials in copies of the project, each through the tool's own command executor with
    /// its share of the cores.
    /// </summary>
    public static IStageExecutor SearchExecutorFor(RunnerServices services) => SearchExecutorFor(services, null);

    /// <summary>
    /// The same, with the study in <paramref name="studies"/> (PostgreSQL) instead of the run store; a trial whose target
    /// has <c>executor: slurm</c> runs as a Slurm job.
    /// </summary>
    public static IStageExecutor SearchExecutorFor(RunnerServices services, IStudyStorage? studies) =>
        new SearchExecutor(
            services,
            new SearchExecutorOptions
            {
                Storage = studies,
                TrialExecutor = threads => new Repro.Core.Execution.Slurm.SlurmExecutor(
                    new CommandExecutor(SelfCommand.Resolve(), threads),
                    SelfCommand.Resolve()
                ),
            }
        );
}
