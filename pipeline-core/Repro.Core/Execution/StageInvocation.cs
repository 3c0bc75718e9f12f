using System.Globalization;
using Repro.Core.Pipeline;

namespace Repro.Core.Execution;

/// <summary>Everything an <see cref="IStageExecutor"/> needs to run one stage once.</summary>
public sealed record StageInvocation
{
    public required PipelineFile Pipeline { get; init; }

    public required Stage Stage { get; init; }

    public required string RunId { get; init; }

    /// <summary>The run's folder: <c>.repro/runs/&lt;run-id&gt;</c>.</summary>
    public required string RunDirPath { get; init; }

    /// <summary>The effective seed (the stage's own, or a search trial's).</summary>
    public required long Seed { get; init; }

    /// <summary>The resolved parameters as JSON (<c>REPRO_PARAMS</c>).</summary>
    public required string ParamsPath { get; init; }

    /// <summary>The stage's stdout and stderr, as the console showed them.</summary>
    public required string LogPath { get; init; }

    /// <summary>Per-step metrics, one JSON object a line with <c>step</c> (<c>REPRO_METRICS_STREAM</c>).</summary>
    public required string MetricsStreamPath { get; init; }

    /// <summary>A file the engine writes <c>prune</c>, <c>stop</c> or <c>continue N</c> into (<c>REPRO_CONTROL</c>).</summary>
    public required string ControlPath { get; init; }

    /// <summary>
    /// How long the stage waits after each epoch for the engine's verdict in its control file (<c>REPRO_CONTROL_AWAIT</c>):
    /// set for a search trial a pruner judges, null otherwise (the stage only looks, never waits).
    /// </summary>
    public TimeSpan? ControlAwait { get; init; }

    /// <summary>Where live output goes.</summary>
    public required IRunObserver Observer { get; init; }

    /// <summary>
    /// The variables every stage process gets, wherever it runs (a local process or a Slurm job): seed, params, metrics
    /// stream, control file, and where the pipeline says a custom trainer writes (Repro.Training's StageContext reads
    /// them; paths relative to the project, joined with <see cref="Path.PathSeparator"/> as PATH is). A thread budget
    /// above 0 also sets <c>REPRO_THREADS</c>, <c>OMP_NUM_THREADS</c> and <c>MKL_NUM_THREADS</c>.
    /// </summary>
    public Dictionary<string, string?> EnvironmentVariables(int threads)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["REPRO_SEED"] = Seed.ToString(CultureInfo.InvariantCulture),
            ["REPRO_STAGE"] = Stage.Name,
            ["REPRO_RUN_ID"] = RunId,
            ["REPRO_PARAMS"] = ParamsPath,
            ["REPRO_METRICS_STREAM"] = MetricsStreamPath,
            [ControlMessage.PathVariable] = ControlPath,
            [ControlMessage.AwaitVariable] = ControlAwait?.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
            ["REPRO_RUN_DIR"] = RunDirPath,
            ["REPRO_OUTS"] = string.Join(Path.PathSeparator, Stage.Outs.Select(o => o.Path)),
            ["REPRO_METRICS_FILES"] = string.Join(Path.PathSeparator, Stage.Metrics.Select(m => m.Path)),
            ["REPRO_PLOT_FILES"] = string.Join(Path.PathSeparator, Stage.Plots.Select(p => p.Path)),
        };
        if (threads > 0)
        {
            var budget = threads.ToString(CultureInfo.InvariantCulture);
            env["REPRO_THREADS"] = budget;
            env["OMP_NUM_THREADS"] = budget;
            env["MKL_NUM_THREADS"] = budget;
        }
        return env;
    }

    /// <summary>The same file name for logs and requests whatever characters a <c>foreach</c> item brought in.</summary>
    public static string FileNameOf(string stage) =>
        string.Concat(stage.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '@' ? c : '_'));
}
