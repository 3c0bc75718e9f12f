namespace Repro.Core.Execution;

/// <summary><c>--dry-run</c>: runs nothing, so the runner reports what would run and why.</summary>
public sealed class DryRunExecutor : IStageExecutor
{
    public bool ChangesWorkspace => false;

    public Task<StageExecution> ExecuteAsync(StageInvocation invocation, CancellationToken cancellationToken) =>
        Task.FromResult(new StageExecution(0));
}
