namespace Repro.Core.Execution;

/// <summary>
/// How a stage's command ended: its exit code, a message when it could not even start (or a scheduler ended it), and the
/// batch job that ran it when it ran on a cluster (a Slurm job id).
/// </summary>
public sealed record StageExecution(int ExitCode, string? Error = null, string? JobId = null)
{
    public bool Succeeded => ExitCode == 0 && Error is null;
}
