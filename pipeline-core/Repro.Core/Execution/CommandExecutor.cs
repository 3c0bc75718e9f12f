using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using CliWrap;
using Repro.Core.Pipeline;
using Repro.Core.Steps;

namespace Repro.Core.Execution;

/// <summary>
/// Runs stages as child processes through CliWrap, without a shell: <c>run:</c> stages run their command; <c>uses:</c> stages
/// run the tool's hidden <c>exec-step</c> verb on a <see cref="StepRequest"/> file, so a crashing or leaking step never takes
/// the engine down. Output streams live to the observer and to the stage's log file.
/// </summary>
/// <param name="selfCommand">
/// How to start the tool itself (<c>[path]</c>, or <c>[dotnet, path.dll]</c>); the tool resolves it, Repro.Core does not guess.
/// Null when only <c>run:</c> stages can run (tests).
/// </param>
/// <param name="threads">
/// A thread budget (a parallel search gives each trial cores/N): built-in steps get it as <see cref="StepRequest.Threads"/>,
/// commands as <c>REPRO_THREADS</c>, <c>OMP_NUM_THREADS</c> and <c>MKL_NUM_THREADS</c>. 0 sets nothing: every core.
/// </param>
public sealed class CommandExecutor(IReadOnlyList<string>? selfCommand, int threads = 0) : IStageExecutor
{
    /// <summary>
    /// glibc malloc settings that stop libtorch from mapping and unmapping activation buffers every batch: 25–30% faster
    /// training (TORCHSHARP-NOTES.md). They must be set before the child starts; a user's own value wins.
    /// </summary>
    public const string TorchMallocTunables = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296";

    public bool ChangesWorkspace => true;

    public async Task<StageExecution> ExecuteAsync(StageInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var stage = invocation.Stage;
        var env = invocation.EnvironmentVariables(threads);
        IReadOnlyList<string> argv;
        if (stage.Command is { } command)
            argv = command;
        else if (stage.IsSearch)
            return new StageExecution(
                2,
                $"stage '{stage.Name}' uses 'search', which runs inside the engine and is not available in this build yet"
            );
        else
        {
            if (selfCommand is null || selfCommand.Count == 0)
                return new StageExecution(
                    2,
                    $"stage '{stage.Name}' uses the built-in step '{stage.Uses}', which needs the repro tool to run"
                );
            var requestPath = await WriteRequestAsync(invocation, cancellationToken);
            argv = [.. selfCommand, "exec-step", requestPath];
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GLIBC_TUNABLES")))
                env["GLIBC_TUNABLES"] = TorchMallocTunables;
        }

        await using var log = new StreamWriter(invocation.LogPath, append: true) { AutoFlush = true };
        var gate = new System.Threading.Lock();
        void Line(string line, bool isError)
        {
            lock (gate)
                log.WriteLine(line);
            invocation.Observer.StageOutput(stage.Name, line, isError);
        }

        try
        {
            var result = await Cli.Wrap(argv[0])
                .WithArguments(argv.Skip(1))
                .WithWorkingDirectory(invocation.Pipeline.ProjectDirPath)
                .WithEnvironmentVariables(env)
                .WithValidation(CommandResultValidation.None)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(line => Line(line, false)))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Line(line, true)))
                .ExecuteAsync(cancellationToken);
            return new StageExecution(result.ExitCode);
        }
        catch (Win32Exception ex)
        {
            var message = $"could not start '{argv[0]}': {ex.Message}";
            Line(message, true);
            return new StageExecution(127, message);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is Win32Exception inner)
        {
            var message = $"could not start '{argv[0]}': {inner.Message}";
            Line(message, true);
            return new StageExecution(127, message);
        }
    }

    internal async Task<string> WriteRequestAsync(StageInvocation invocation, CancellationToken cancellationToken)
    {
        var stage = invocation.Stage;
        var request = new StepRequest
        {
            Step = stage.Uses!,
            Stage = stage.Name,
            ProjectDirPath = invocation.Pipeline.ProjectDirPath,
            RunDirPath = invocation.RunDirPath,
            RunId = invocation.RunId,
            Seed = invocation.Seed,
            With = (System.Text.Json.Nodes.JsonObject)stage.With.DeepClone(),
            Params = (System.Text.Json.Nodes.JsonObject)invocation.Pipeline.Params.DeepClone(),
            Deps = [.. stage.Deps.Select(d => d.Path)],
            Outs = [.. stage.Outs.Select(o => o.Path)],
            Metrics = [.. stage.Metrics.Select(m => m.Path)],
            Plots = [.. stage.Plots.Select(p => p.Path)],
            // Relative to the project, the child's working folder: its messages name the file as the loader's do.
            Locations = stage.WithLocations,
            MetricsStreamPath = invocation.MetricsStreamPath,
            ControlPath = invocation.ControlPath,
            ControlAwaitSeconds = invocation.ControlAwait?.TotalSeconds,
            Threads = threads,
        };
        var path = Path.Combine(invocation.RunDirPath, StageInvocation.FileNameOf(stage.Name) + ".step.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(request, StepRequest.JsonOptions), cancellationToken);
        return path;
    }
}
