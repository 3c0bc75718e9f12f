namespace Repro.Core.Execution.Slurm;

/// <summary>How a <see cref="SlurmExecutor"/> talks to Slurm.</summary>
public sealed record SlurmOptions
{
    /// <summary>
    /// Variables for every Slurm command (<c>SLURM_CONF</c> for a cluster other than the system's), on top of Repro's own
    /// environment, which the job inherits (<c>sbatch --export=ALL</c>, Slurm's default).
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>How often the job's state is asked (<c>squeue</c>) and its output file read.</summary>
    /// <value>The default is 500 ms: Slurm schedules on a 1 s tick, and squeue is cheap.</value>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
