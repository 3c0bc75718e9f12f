namespace Repro.Core.Execution;

/// <summary>
/// A stage that ran as a batch job was cancelled (the run interrupted, or a pruned trial killed after its grace period), and
/// so was its job: <see cref="JobId"/> names it, so the stage's record still says where it ran.
/// </summary>
/// <param name="jobId">The cancelled job (a Slurm job id).</param>
/// <param name="cancellationToken">The token whose cancellation stopped the stage.</param>
public sealed class JobCancelledException(string jobId, CancellationToken cancellationToken)
    : OperationCanceledException($"Slurm job {jobId} was cancelled", cancellationToken)
{
    /// <summary>The cancelled job.</summary>
    public string JobId { get; } = jobId;
}
