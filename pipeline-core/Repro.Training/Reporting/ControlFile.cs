using System.Diagnostics;
using System.Globalization;
using Repro.Core.Execution;

namespace Repro.Training.Reporting;

/// <summary>
/// The file the engine writes its verdicts into while a step runs (<c>REPRO_CONTROL</c>; the protocol is
/// <see cref="ControlMessage"/>). Trainers look at it after each epoch: <c>prune</c> or <c>stop</c> ends training. When
/// the engine judges every epoch (a search with a pruner sets <c>REPRO_CONTROL_AWAIT</c>), <see cref="AfterEpoch(long)"/> waits
/// for the verdict on that epoch, so where a trial is pruned never depends on how fast it trains.
/// </summary>
/// <param name="path">The file; null or empty when the engine gave none (the trainer then never stops early).</param>
/// <param name="verdictWait">How long to wait for a verdict after each epoch; null never waits.</param>
public sealed class ControlFile(string? path, TimeSpan? verdictWait = null)
{
    /// <summary>The environment variable naming the file for custom (<c>run:</c>) trainers.</summary>
    public const string EnvironmentVariable = ControlMessage.PathVariable;

    /// <summary>The environment variable giving the verdict wait in seconds.</summary>
    public const string AwaitVariable = ControlMessage.AwaitVariable;

    // Verdicts come within the engine's poll interval (100 ms): looking every 5 ms adds little to an epoch and costs nothing.
    private static readonly TimeSpan LookInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>The file's path, or <c>null</c> when the engine gave none.</summary>
    public string? Path { get; } = string.IsNullOrEmpty(path) ? null : path;

    /// <summary>How long <see cref="AfterEpoch(long)"/> waits for a verdict, or null when it only looks.</summary>
    public TimeSpan? VerdictWait { get; } = verdictWait;

    /// <summary>The request's control file and wait, else <c>REPRO_CONTROL</c> and <c>REPRO_CONTROL_AWAIT</c>.</summary>
    public static ControlFile FromRequest(Repro.Core.Steps.StepRequest? request) =>
        request?.ControlPath is { } path
            ? new(path, request.ControlAwaitSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null)
            : FromVariables(Environment.GetEnvironmentVariable);

    /// <summary>The control file named by <paramref name="variables"/> (the process environment, or a test's).</summary>
    public static ControlFile FromVariables(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var wait =
            double.TryParse(variables(AwaitVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : (TimeSpan?)null;
        return new ControlFile(variables(EnvironmentVariable), wait);
    }

    /// <summary>What the file asks for now.</summary>
    public ControlCommand Read() => Path is not null && ControlMessage.TryRead(Path) is { } text ? Command(text) : ControlCommand.None;

    /// <summary>
    /// What the engine says after <paramref name="step"/> ended: when it judges every step, waits for its verdict on this
    /// one (at most <see cref="VerdictWait"/>: then <see cref="ControlVerdict.TimedOut"/> and carry on); otherwise looks once.
    /// </summary>
    public ControlVerdict AfterEpoch(long step)
    {
        if (Path is null || VerdictWait is not { } wait)
            return new ControlVerdict(Read(), TimedOut: false);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (ControlMessage.TryRead(Path) is { } text)
            {
                var command = Command(text);
                if (command != ControlCommand.None || ControlMessage.ContinuedStep(text) >= step)
                    return new ControlVerdict(command, TimedOut: false);
            }
            if (clock.Elapsed >= wait)
                return new ControlVerdict(ControlCommand.None, TimedOut: true);
            Thread.Sleep(LookInterval);
        }
    }

    /// <summary>
    /// <see cref="AfterEpoch(long)"/>, said in <paramref name="log"/> when the engine ends the stage or its verdict did not come
    /// in time. Returns what the engine asked for: <see cref="ControlCommand.None"/> to carry on.
    /// </summary>
    public ControlCommand AfterEpoch(string stage, long step, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var verdict = AfterEpoch(step);
        if (verdict.TimedOut)
            log.WriteLine($"{stage}: no word from the engine {VerdictWait!.Value.TotalSeconds:0.#} s after epoch {step}; carrying on");
        else if (verdict.Command != ControlCommand.None)
            log.WriteLine($"{stage}: {verdict.Command.ToString().ToLowerInvariant()} requested by the engine after epoch {step}");
        return verdict.Command;
    }

    private static ControlCommand Command(string text) =>
        ControlMessage.EndWord(text) switch
        {
            ControlMessage.Prune => ControlCommand.Prune,
            ControlMessage.Stop => ControlCommand.Stop,
            _ => ControlCommand.None,
        };
}

/// <summary>The engine's word after an epoch, and whether the trainer gave up waiting for it.</summary>
public readonly record struct ControlVerdict(ControlCommand Command, bool TimedOut);
