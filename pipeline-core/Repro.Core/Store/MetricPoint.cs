namespace Repro.Core.Store;

/// <summary>One value of a metric series (per epoch or step) of a run's stage.</summary>
public sealed record MetricPoint(string RunId, string Stage, long Step, string Name, double Value);
