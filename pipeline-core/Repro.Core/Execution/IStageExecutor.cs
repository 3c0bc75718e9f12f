namespace Repro.Core.Execution;

/// <summary>Runs a stage's command or step. The seam between deciding what to run (<see cref="Runner"/>) and running it.</summary>
public interface IStageExecutor
{
    /// <summary>
    /// False for <c>--dry-run</c>: the runner then changes nothing (no outs removed or restored, no record) and reports
    /// what would run.
    /// </summary>
    bool ChangesWorkspace { get; }

    /// <summary>Runs the stage to its end. Cancelling kills the whole process tree and throws <see cref="OperationCanceledException"/>.</summary>
    Task<StageExecution> ExecuteAsync(StageInvocation invocation, CancellationToken cancellationToken);
}
