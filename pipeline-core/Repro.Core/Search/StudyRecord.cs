namespace Repro.Core.Search;

/// <summary>What a storage keeps about a study itself: its name, direction and seed, and which search stage it serves with which definition.</summary>
public sealed record StudyRecord(string Name, StudyDirection Direction, long Seed)
{
    /// <summary>The search stage whose study it is; null for a study made outside a pipeline (the API, tests).</summary>
    public string? Stage { get; init; }

    /// <summary>
    /// The search stage the study serves: <see cref="Stage"/>, else the stage it is named after (a study recorded without a
    /// stage, as every study was before schema 5).
    /// </summary>
    public string SearchStage => Stage ?? Name;

    /// <summary>What its trials share (<see cref="StudyDefinition"/>); null for a study an older Repro created, which recorded none.</summary>
    public StudyDefinition? Definition { get; init; }
}
