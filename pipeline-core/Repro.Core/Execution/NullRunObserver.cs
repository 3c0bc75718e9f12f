using Repro.Core.Fingerprint;

namespace Repro.Core.Execution;

/// <summary>An observer that ignores everything (tests, search trials).</summary>
public sealed class NullRunObserver : IRunObserver
{
    public static NullRunObserver Instance { get; } = new();

    public void RunStarted(ActiveRun run) { }

    public void StageStarted(string stage, string reason) { }

    public void StageOutput(string stage, string line, bool isError) { }

    public void StageFinished(StageOutcome outcome) { }

    public void Hashing(string path, HashProgress progress) { }
}
