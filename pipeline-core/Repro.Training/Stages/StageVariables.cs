namespace Repro.Training.Stages;

/// <summary>
/// The environment variables the engine gives every <c>run:</c> stage (see Repro.Core's <c>CommandExecutor</c>).
/// Lists of paths are relative to the project folder (the stage's working folder) and joined with
/// <see cref="Path.PathSeparator"/>, as <c>PATH</c> is.
/// </summary>
public static class StageVariables
{
    /// <summary>The stage's effective seed (derived from the pipeline seed and the stage name, or a search trial's).</summary>
    public const string Seed = "REPRO_SEED";

    /// <summary>The stage's name.</summary>
    public const string Stage = "REPRO_STAGE";

    /// <summary>The experiment's id.</summary>
    public const string RunId = "REPRO_RUN_ID";

    /// <summary>A JSON file holding every resolved parameter.</summary>
    public const string Params = "REPRO_PARAMS";

    /// <summary>The file per-epoch metrics are appended to, one JSON object a line.</summary>
    public const string MetricsStream = Reporting.MetricsReporter.EnvironmentVariable;

    /// <summary>The file the engine writes <c>prune</c>, <c>stop</c> or <c>continue N</c> into.</summary>
    public const string Control = Reporting.ControlFile.EnvironmentVariable;

    /// <summary>Seconds to wait after each epoch for the engine's verdict (set when a search pruner judges the trial).</summary>
    public const string ControlAwait = Reporting.ControlFile.AwaitVariable;

    /// <summary>The stage's thread budget when the engine sets one (a parallel search gives each trial its share of the cores).</summary>
    public const string Threads = "REPRO_THREADS";

    /// <summary>The run's folder (<c>.repro/runs/&lt;run-id&gt;</c>): logs and checkpoints.</summary>
    public const string RunDir = "REPRO_RUN_DIR";

    /// <summary>The stage's declared <c>outs</c>.</summary>
    public const string Outs = "REPRO_OUTS";

    /// <summary>The stage's declared <c>metrics</c> files.</summary>
    public const string MetricsFiles = "REPRO_METRICS_FILES";

    /// <summary>The stage's declared <c>plots</c> files.</summary>
    public const string PlotFiles = "REPRO_PLOT_FILES";
}
