using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using Repro.Core.Pipeline;

namespace Repro.Core.Execution.Slurm;

/// <summary>
/// Runs the stages whose executor is <c>slurm</c> (DESIGN.md §9) as batch jobs and hands every other stage to
/// <paramref name="local"/>. A job runs the stage's command, or the tool's <c>exec-step</c> verb for a <c>uses:</c> step,
/// in the project folder (which the nodes must see, as on any cluster with a shared file system), with the same
/// <c>REPRO_*</c> variables as a local stage. Repro follows the job with <c>squeue</c> (then <c>scontrol</c>, then
/// <c>sacct</c> for its exit code), streams its output file to the console and the stage log, and cancels it with
/// <c>scancel</c> when the run is interrupted or a search prunes the trial.
/// </summary>
/// <param name="local">Runs the stages that are not Slurm's.</param>
/// <param name="selfCommand">How a node starts the tool itself, for <c>uses:</c> steps; null when only <c>run:</c> stages may go to Slurm.</param>
/// <param name="options">Environment and polling; the defaults when null.</param>
public sealed partial class SlurmExecutor(IStageExecutor local, IReadOnlyList<string>? selfCommand, SlurmOptions? options = null)
    : IStageExecutor
{
    private readonly SlurmOptions options = options ?? new SlurmOptions();

    public bool ChangesWorkspace => local.ChangesWorkspace;

    public async Task<StageExecution> ExecuteAsync(StageInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (invocation.Stage.Executor is not { IsSlurm: true } spec || invocation.Stage.IsSearch)
            return await local.ExecuteAsync(invocation, cancellationToken);

        var stage = invocation.Stage;
        IReadOnlyList<string> argv;
        // The job's own CPUs are its thread budget (none set: all the node gives it).
        var env = new Dictionary<string, string?>(options.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in invocation.EnvironmentVariables(spec.Cpus ?? 0))
            env[name] = value;
        if (stage.Command is { } command)
            argv = command;
        else if (selfCommand is null || selfCommand.Count == 0)
            return new StageExecution(2, $"stage '{stage.Name}' uses the built-in step '{stage.Uses}', which needs the repro tool to run");
        else
        {
            var request = await new CommandExecutor(selfCommand, spec.Cpus ?? 0).WriteRequestAsync(invocation, cancellationToken);
            argv = [.. selfCommand, "exec-step", request];
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GLIBC_TUNABLES")))
                env["GLIBC_TUNABLES"] = CommandExecutor.TorchMallocTunables;
        }

        var fileName = StageInvocation.FileNameOf(stage.Name);
        var scriptPath = Path.Combine(invocation.RunDirPath, fileName + ".sbatch");
        var outputPath = Path.Combine(invocation.RunDirPath, fileName + ".slurm.out");
        await File.WriteAllTextAsync(scriptPath, Script(invocation, argv), cancellationToken);

        await using var log = new StreamWriter(invocation.LogPath, append: true) { AutoFlush = true };
        void Line(string line, bool isError)
        {
            lock (log)
                log.WriteLine(line);
            invocation.Observer.StageOutput(stage.Name, line, isError);
        }

        string jobId;
        try
        {
            var submitted = await Slurm(
                    env,
                    [.. SbatchArguments(spec, stage.Name, invocation.Pipeline.ProjectDirPath, outputPath), scriptPath]
                )
                .ExecuteBufferedAsync(cancellationToken);
            if (submitted.ExitCode != 0)
            {
                var message = $"sbatch refused stage '{stage.Name}': {submitted.StandardError.Trim()}";
                Line(message, true);
                return new StageExecution(2, message);
            }
            // --parsable prints "id" or "id;cluster".
            jobId = submitted.StandardOutput.Trim().Split(';')[0];
        }
        catch (Win32Exception ex)
        {
            var message = $"could not start sbatch for stage '{stage.Name}': {ex.Message} (is Slurm installed here?)";
            Line(message, true);
            return new StageExecution(127, message);
        }
        Line($"submitted Slurm job {jobId}", false);

        using var output = new OutputFollower(outputPath, line => Line(line, false));
        try
        {
            while (true)
            {
                await Task.Delay(options.PollInterval, cancellationToken);
                output.ReadNew();
                if (await StateAsync(env, jobId) is { IsFinished: true } ended)
                {
                    var final = await ExitStateAsync(env, jobId) ?? ended;
                    output.ReadNew(final: true);
                    var execution = final.ToExecution(jobId);
                    if (execution.Error is { } error)
                        Line(error, true);
                    return execution;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Interrupted or pruned: the job must not go on using the allocation.
            await Slurm(env, ["scancel", jobId]).ExecuteBufferedAsync(CancellationToken.None);
            Line($"cancelled Slurm job {jobId}", true);
            throw new JobCancelledException(jobId, cancellationToken);
        }
    }

    /// <summary>The sbatch command line (without the script): options from the stage's <c>executor:</c>, then its <c>sbatch_args</c>.</summary>
    public static IReadOnlyList<string> SbatchArguments(ExecutorSpec spec, string stageName, string workDirPath, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var args = new List<string>
        {
            "sbatch",
            "--parsable",
            $"--job-name=repro-{StageInvocation.FileNameOf(stageName)}",
            $"--chdir={workDirPath}",
            $"--output={outputPath}",
        };
        if (spec.Partition is { } partition)
            args.Add($"--partition={partition}");
        if (spec.Time is { } time)
            args.Add($"--time={time}");
        if (spec.Cpus is { } cpus)
            args.Add(FormattableString.Invariant($"--cpus-per-task={cpus}"));
        if (spec.Mem is { } mem)
            args.Add($"--mem={mem}");
        if (spec.Gpus is { } gpus)
            args.Add(FormattableString.Invariant($"--gpus={gpus}"));
        args.AddRange(spec.SbatchArgs);
        return args;
    }

    /// <summary>
    /// The batch script: <c>exec</c> of the stage's arguments, each single-quoted, so parameter values reach the command
    /// as arguments and never as shell text (as with a local stage).
    /// </summary>
    public static string Script(StageInvocation invocation, IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(argv);
        var script = new StringBuilder();
        script.Append("#!/bin/sh\n");
        script.Append($"# Stage '{invocation.Stage.Name}' of Repro run {invocation.RunId}.\n");
        script.Append("cd ").Append(Quote(invocation.Pipeline.ProjectDirPath)).Append(" || exit 1\n");
        script.Append("exec");
        foreach (var arg in argv)
            script.Append(' ').Append(Quote(arg));
        script.Append('\n');
        return script.ToString();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private Command Slurm(IReadOnlyDictionary<string, string?> env, IReadOnlyList<string> argv) =>
        Cli.Wrap(argv[0]).WithArguments(argv.Skip(1)).WithEnvironmentVariables(env).WithValidation(CommandResultValidation.None);

    /// <summary>The job's state from squeue (<c>-t all</c> lists ended jobs too, until slurmctld forgets them); null when unknown.</summary>
    private async Task<SlurmJobState?> StateAsync(IReadOnlyDictionary<string, string?> env, string jobId)
    {
        var result = await Slurm(env, ["squeue", "-h", "-t", "all", "-j", jobId, "-o", "%T"]).ExecuteBufferedAsync();
        var text = result.StandardOutput.Trim();
        if (result.ExitCode == 0 && text.Length > 0)
            return SlurmJobState.Parse(text);
        // Forgotten by squeue (or squeue failed): the accounting records say how it ended.
        return await ExitStateAsync(env, jobId);
    }

    /// <summary>The ended job's state with its exit code: scontrol while slurmctld remembers it, else sacct (or its job-completion log).</summary>
    private async Task<SlurmJobState?> ExitStateAsync(IReadOnlyDictionary<string, string?> env, string jobId)
    {
        var scontrol = await Slurm(env, ["scontrol", "show", "job", "-o", jobId]).ExecuteBufferedAsync();
        if (
            scontrol.ExitCode == 0
            && JobState().Match(scontrol.StandardOutput) is { Success: true } s
            && ExitCode().Match(scontrol.StandardOutput) is { Success: true } e
        )
            return SlurmJobState.Parse(s.Groups[1].Value, e.Groups[1].Value);
        foreach (var flag in new[] { "-X", "-c" })
        {
            var sacct = await Slurm(env, ["sacct", flag, "-j", jobId, "-n", "-P", "-o", "State,ExitCode"]).ExecuteBufferedAsync();
            var line = sacct
                .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault();
            if (sacct.ExitCode == 0 && line?.Split('|') is [var state, var exit])
                return SlurmJobState.Parse(state, exit);
        }
        return null;
    }

    [GeneratedRegex(@"\bJobState=(\S+)")]
    private static partial Regex JobState();

    [GeneratedRegex(@"\bExitCode=(\d+:\d+)")]
    private static partial Regex ExitCode();
}
