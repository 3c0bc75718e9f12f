namespace Repro.Core.Execution.Slurm;

/// <summary>A Slurm job's state as squeue, scontrol or sacct print it (<c>RUNNING</c>, <c>COMPLETED</c>, ...) and its exit code.</summary>
/// <param name="State">The state word; <c>CANCELLED by 0</c> is read as <c>CANCELLED</c>.</param>
/// <param name="ExitCode">The batch script's exit code (the part before ':'), when known.</param>
/// <param name="Signal">The signal that ended it (the part after ':'), when known.</param>
public sealed record SlurmJobState(string State, int? ExitCode = null, int? Signal = null)
{
    private static readonly HashSet<string> Finished =
    [
        "COMPLETED",
        "FAILED",
        "CANCELLED",
        "TIMEOUT",
        "OUT_OF_MEMORY",
        "NODE_FAIL",
        "PREEMPTED",
        "BOOT_FAIL",
        "DEADLINE",
        "REVOKED",
        "SPECIAL_EXIT",
    ];

    /// <summary>True once the job has ended, whatever the reason.</summary>
    public bool IsFinished => Finished.Contains(State);

    /// <summary>Reads <c>STATE</c> or <c>STATE by UID</c>.</summary>
    public static SlurmJobState Parse(string state, string? exitCode = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var word = state.Trim().Split(' ', 2)[0].ToUpperInvariant();
        int? code = null,
            signal = null;
        if (exitCode?.Split(':') is [var c, var s] && int.TryParse(c, out var cc) && int.TryParse(s, out var ss))
            (code, signal) = (cc, ss);
        return new SlurmJobState(word, code, signal);
    }

    /// <summary>What the stage's execution says about this ended job: its exit code and, unless it completed, why.</summary>
    public StageExecution ToExecution(string jobId) =>
        State switch
        {
            "COMPLETED" => new StageExecution(ExitCode ?? 0, null, jobId),
            "FAILED" when ExitCode is > 0 => new StageExecution(ExitCode.Value, null, jobId),
            "FAILED" => new StageExecution(
                Signal is > 0 ? 128 + Signal.Value : 1,
                $"Slurm job {jobId} failed (signal {Signal ?? 0})",
                jobId
            ),
            "CANCELLED" => new StageExecution(130, $"Slurm job {jobId} was cancelled", jobId),
            "TIMEOUT" => new StageExecution(124, $"Slurm job {jobId} reached its time limit", jobId),
            "OUT_OF_MEMORY" => new StageExecution(137, $"Slurm job {jobId} ran out of memory", jobId),
            _ => new StageExecution(1, $"Slurm job {jobId} ended {State}", jobId),
        };
}
