namespace Repro.Core.Execution;

/// <summary>What to run and how (the options of <c>repro run</c>, and what a search trial sets).</summary>
public sealed record RunOptions
{
    /// <summary>Stages to run with everything they need; every stage when empty.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>Run the selected stages even when their fingerprint is cached.</summary>
    public bool Force { get; init; }

    /// <summary>How many independent stages may run at once. The default is 1.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>The experiment's name; a readable one is generated when null.</summary>
    public string? Name { get; init; }

    /// <summary>The command line as typed, for the record.</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>
    /// Seeds that replace stages' own seeds, by stage name (a search trial's seed for its target stage). The seed is part of the
    /// fingerprint, so each trial is cached on its own.
    /// </summary>
    public IReadOnlyDictionary<string, long> SeedOverrides { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// Stages that wait after each epoch for the engine's verdict in their control file, and for how long at most, by stage
    /// name: a search trial's target when a pruner judges it, so that where a trial is pruned never depends on timing.
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan> ControlAwait { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Tags the record (for example <c>trial</c> with the study name) so experiment lists can group runs.</summary>
    public string? Kind { get; init; }
}
