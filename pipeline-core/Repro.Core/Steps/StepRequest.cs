using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Repro.Core.Steps;

/// <summary>
/// Everything a built-in step (<c>uses:</c>) needs to run one stage, handed from the engine to the step.
/// The engine writes it as JSON next to the run's logs and starts the tool's hidden <c>exec-step</c> verb
/// in a child process, so a step that crashes, leaks native memory or needs its own thread budget and
/// allocator settings never takes the engine down with it.
/// </summary>
public sealed record StepRequest
{
    /// <summary>The built-in step's name, as written after <c>uses:</c> (for example <c>train</c>).</summary>
    public required string Step { get; init; }

    /// <summary>The stage being run.</summary>
    public required string Stage { get; init; }

    /// <summary>The project directory: the folder of pipeline.yaml. Every relative path is relative to it.</summary>
    public required string ProjectDirPath { get; init; }

    /// <summary>The run's folder (<c>.repro/runs/&lt;id&gt;</c>): logs, TensorBoard events, images.</summary>
    public required string RunDirPath { get; init; }

    /// <summary>The experiment's id.</summary>
    public required string RunId { get; init; }

    /// <summary>The stage's effective seed (derived from the pipeline seed, or the trial's).</summary>
    public required long Seed { get; init; }

    /// <summary>The <c>with:</c> arguments after parameter interpolation.</summary>
    public JsonObject With { get; init; } = [];

    /// <summary>Resolved parameters (all of them, after <c>--set</c> overrides).</summary>
    public JsonObject Params { get; init; } = [];

    /// <summary>Declared dependencies, relative to the project directory.</summary>
    public IReadOnlyList<string> Deps { get; init; } = [];

    /// <summary>Declared outputs, relative to the project directory.</summary>
    public IReadOnlyList<string> Outs { get; init; } = [];

    /// <summary>Declared metrics files, relative to the project directory.</summary>
    public IReadOnlyList<string> Metrics { get; init; } = [];

    /// <summary>Declared plot files, relative to the project directory.</summary>
    public IReadOnlyList<string> Plots { get; init; } = [];

    /// <summary>
    /// Where each <c>with:</c> key was written, keyed by its dotted path (<c>with.model.type</c>), so that a step
    /// can report a bad argument at its file, line and column although it only sees JSON.
    /// </summary>
    public IReadOnlyDictionary<string, SourceLocation> Locations { get; init; } = new Dictionary<string, SourceLocation>();

    /// <summary>File to append per-step metrics to, one JSON object a line (<c>REPRO_METRICS_STREAM</c>).</summary>
    public string? MetricsStreamPath { get; init; }

    /// <summary>File the engine writes <c>prune</c>, <c>stop</c> or <c>continue N</c> into (<c>REPRO_CONTROL</c>).</summary>
    public string? ControlPath { get; init; }

    /// <summary>Seconds to wait after each epoch for the engine's verdict (<c>REPRO_CONTROL_AWAIT</c>); null: never wait.</summary>
    public double? ControlAwaitSeconds { get; init; }

    /// <summary><c>auto</c>, <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Intra-op thread budget for this step; 0 lets the step decide (all cores).</summary>
    public int Threads { get; init; }

    /// <summary>Options used to read and write requests: snake_case keys, as in pipeline.yaml.</summary>
    public static System.Text.Json.JsonSerializerOptions JsonOptions { get; } =
        new()
        {
            PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
}
