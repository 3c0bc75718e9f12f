namespace Repro.Core.Pipeline;

/// <summary>
/// Where a stage's command runs (<c>executor:</c> at pipeline or stage level, DESIGN.md §9): <c>local</c> processes (the
/// default) or a Slurm job submitted with <c>sbatch</c>. The executor is not part of the fingerprint: the same stage gives
/// the same outs wherever it runs.
/// </summary>
public sealed record ExecutorSpec
{
    /// <summary>The local executor: the stage runs as a child process of Repro.</summary>
    public const string Local = "local";

    /// <summary>The Slurm executor: the stage runs as a batch job.</summary>
    public const string Slurm = "slurm";

    /// <summary>Every executor type.</summary>
    public static IReadOnlyList<string> Types { get; } = [Local, Slurm];

    /// <summary><see cref="Local"/> or <see cref="Slurm"/>.</summary>
    public required string Type { get; init; }

    /// <summary>Where the <c>executor:</c> entry was written.</summary>
    public required SourceLocation At { get; init; }

    /// <summary><c>sbatch --partition</c>; the cluster's default partition when null.</summary>
    public string? Partition { get; init; }

    /// <summary><c>sbatch --time</c>, in Slurm's forms (<c>30</c> minutes, <c>1:30:00</c>, <c>2-00:00:00</c>).</summary>
    public string? Time { get; init; }

    /// <summary><c>sbatch --cpus-per-task</c>.</summary>
    public int? Cpus { get; init; }

    /// <summary><c>sbatch --mem</c> (<c>4G</c>, <c>500M</c>; a plain number is megabytes).</summary>
    public string? Mem { get; init; }

    /// <summary><c>sbatch --gpus</c>.</summary>
    public int? Gpus { get; init; }

    /// <summary>More <c>sbatch</c> options, passed as they are (<c>--qos=low</c>, <c>--account=ml</c>).</summary>
    public IReadOnlyList<string> SbatchArgs { get; init; } = [];

    /// <summary>True when the stage becomes a Slurm job.</summary>
    public bool IsSlurm => Type == Slurm;
}
