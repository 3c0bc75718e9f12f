using Repro.Core.Execution;
using Repro.Core.Fingerprint;

namespace Repro.Tool.Rendering;

/// <summary>Tells several observers (the console view and the structured log) the same events.</summary>
public sealed class CompositeRunObserver(params IRunObserver[] observers) : IRunObserver
{
    public void RunStarted(ActiveRun run)
    {
        foreach (var observer in observers)
            observer.RunStarted(run);
    }

    public void StageStarted(string stage, string reason)
    {
        foreach (var observer in observers)
            observer.StageStarted(stage, reason);
    }

    public void StageOutput(string stage, string line, bool isError)
    {
        foreach (var observer in observers)
            observer.StageOutput(stage, line, isError);
    }

    public void StageFinished(StageOutcome outcome)
    {
        foreach (var observer in observers)
            observer.StageFinished(outcome);
    }

    public void Hashing(string path, HashProgress progress)
    {
        foreach (var observer in observers)
            observer.Hashing(path, progress);
    }
}
