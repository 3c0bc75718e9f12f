using Repro.Core.Execution;

namespace Repro.Core.Search.Execution;

/// <summary>How a <see cref="SearchExecutor"/> stores studies and starts trials.</summary>
public sealed record SearchExecutorOptions
{
    /// <summary>Where studies live; the run store (<c>.repro/repro.db</c>) when null.</summary>
    public IStudyStorage? Storage { get; init; }

    /// <summary>
    /// The executor that runs a trial's stages given a thread budget (0: every core); the run's own executor when null.
    /// </summary>
    public Func<int, IStageExecutor>? TrialExecutor { get; init; }

    /// <summary>
    /// Run trials in copies of the project (one per parallel worker), so they never clobber each other's or the user's outs.
    /// Without copies only one trial runs at a time, in the project itself.
    /// </summary>
    /// <value>The default is true.</value>
    public bool WorkspaceCopies { get; init; } = true;

    /// <summary>
    /// Marks the running trials found when a search starts as failed ("interrupted"): right when one process owns the study,
    /// wrong when several processes share it (a PostgreSQL store).
    /// </summary>
    /// <value>The default is true.</value>
    public bool FailOrphanedTrials { get; init; } = true;

    /// <summary>How often a running trial's metrics stream is read for intermediate values.</summary>
    /// <value>The default is 100 ms.</value>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a trial a pruner judges waits after each epoch for the engine's verdict (<c>REPRO_CONTROL_AWAIT</c>) before it
    /// goes on without one: long enough never to be reached while the engine runs, short enough that a trial outliving a
    /// killed engine is not held up for good.
    /// </summary>
    /// <value>The default is 10 s.</value>
    public TimeSpan VerdictWait { get; init; } = TimeSpan.FromSeconds(10);
}
