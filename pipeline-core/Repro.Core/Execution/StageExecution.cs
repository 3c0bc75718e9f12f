namespace Repro.Core.Execution;

/// <summary>How a stage's command ended: its exit code, and a message when it could not even start.</summary>
public sealed record StageExecution(int ExitCode, string? Error = null)
{
    public bool Succeeded => ExitCode == 0 && Error is null;
}
