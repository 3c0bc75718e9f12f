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

    /// <summary>A file the engine writes <c>prune</c> or <c>stop</c> into (<c>REPRO_CONTROL</c>).</summary>
    public required string ControlPath { get; init; }

    /// <summary>Where live output goes.</summary>
    public required IRunObserver Observer { get; init; }

    /// <summary>The same file name for logs and requests whatever characters a <c>foreach</c> item brought in.</summary>
    public static string FileNameOf(string stage) =>
        string.Concat(stage.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '@' ? c : '_'));
}
