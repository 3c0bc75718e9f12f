using Repro.Core.Fingerprint;

namespace Repro.Core.Execution;

/// <summary>Hears what a run does as it happens: the console's live view, plain CI lines and the structured log listen here.</summary>
public interface IRunObserver
{
    /// <summary>The run is recorded and its folder exists (not called for a dry run).</summary>
    void RunStarted(ActiveRun run);

    void StageStarted(string stage, string reason);

    /// <summary>One line the stage's command wrote (<paramref name="isError"/> for stderr).</summary>
    void StageOutput(string stage, string line, bool isError);

    void StageFinished(StageOutcome outcome);

    /// <summary>Hashing a large dep or out: bytes and files done of the total.</summary>
    void Hashing(string path, HashProgress progress);
}
