namespace Repro.Core.Execution;

/// <summary>The run in progress: its id, its readable name and its folder of logs.</summary>
public sealed record ActiveRun(string RunId, string RunName, string RunDirPath, DateTimeOffset StartedAt);
