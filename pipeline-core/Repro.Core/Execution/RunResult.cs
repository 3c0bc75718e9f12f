namespace Repro.Core.Execution;

/// <summary>What a run did: its record's id and name, and one outcome per selected stage in run order.</summary>
public sealed record RunResult(string RunId, string RunName, IReadOnlyList<StageOutcome> Stages)
{
    /// <summary>True when no stage failed or was skipped.</summary>
    public bool Succeeded => Stages.All(s => s.Succeeded);

    /// <summary>Final metrics of every stage, by key (a later stage's key wins).</summary>
    public IReadOnlyDictionary<string, double> Metrics =>
        Stages.SelectMany(s => s.Metrics).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
}
