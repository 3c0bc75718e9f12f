using System.Text.Json.Nodes;

namespace Repro.Core.Steps;

/// <summary>
/// A built-in step whose <c>with:</c> arguments are read by one pure function, <see cref="ReadArguments"/>: the loader calls
/// it through <see cref="CheckArguments"/> to check every stage before anything runs, and <see cref="RunAsync(StepRequest, CancellationToken)"/>
/// calls it again in the step's process for the values it runs with. One reading, so the two can never disagree.
/// </summary>
/// <typeparam name="TArguments">The step's typed arguments.</typeparam>
public abstract class BuiltinStep<TArguments> : IBuiltinStep
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string ImplementationVersion { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Diagnostic> CheckArguments(JsonObject with, IReadOnlyDictionary<string, SourceLocation> locations)
    {
        ArgumentNullException.ThrowIfNull(with);
        var arguments = new StepArguments(with, locations);
        ReadArguments(arguments);
        return arguments.AllProblems();
    }

    /// <summary>Reads the arguments, throws every problem of them at once, then runs the step with them.</summary>
    public Task RunAsync(StepRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var with = new StepArguments(request);
        var arguments = ReadArguments(with);
        with.ThrowIfInvalid();
        return RunAsync(request, arguments, with, cancellationToken);
    }

    /// <summary>
    /// Reads every <c>with:</c> key the step knows into <typeparamref name="TArguments"/>, recording each mistake in
    /// <paramref name="with"/> rather than throwing. A pure function of <paramref name="with"/>: no files, no torch, no
    /// clock, no environment, so the loader can call it for a pipeline that never runs.
    /// </summary>
    protected abstract TArguments ReadArguments(StepArguments with);

    /// <summary>
    /// Runs the step with valid <paramref name="arguments"/>. <paramref name="with"/> is what they were read from: for
    /// positions of run-time problems (<see cref="StepArguments.LocationOf"/>) and the resolved values (<see cref="StepArguments.Resolved"/>).
    /// </summary>
    protected abstract Task RunAsync(StepRequest request, TArguments arguments, StepArguments with, CancellationToken cancellationToken);
}
