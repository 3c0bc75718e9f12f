namespace Repro.Core.Search;

/// <summary>What a storage keeps about a study itself: its name, direction and seed.</summary>
public sealed record StudyRecord(string Name, StudyDirection Direction, long Seed);
