using System.Collections.Immutable;

namespace Repro.Core.Search;

/// <summary>
/// One evaluation of the objective at one point of the search space: an immutable snapshot. Every change (a
/// reported step, the final value) goes through <see cref="Study"/> and gives a new snapshot, so samplers and
/// pruners can read trials from several threads without locks.
/// </summary>
public sealed record Trial
{
    /// <summary>The trial's number in its study, from 0, claimed atomically from the storage.</summary>
    public required int Number { get; init; }

    /// <summary>The trial's seed, <c>Seeds.ForTrial(studySeed, Number)</c>: what the trained model uses.</summary>
    public required long Seed { get; init; }

    public TrialState State { get; init; } = TrialState.Running;

    /// <summary>
    /// The point: parameter name to value (<see cref="double"/> for uniform and loguniform, <see cref="long"/> for
    /// int, and the choice itself for choice). Inactive conditional parameters are absent.
    /// </summary>
    public ImmutableSortedDictionary<string, object> Params { get; init; } =
        ImmutableSortedDictionary.Create<string, object>(StringComparer.Ordinal);

    /// <summary>Intermediate objective values by step (an epoch, usually), reported while the trial runs.</summary>
    public ImmutableSortedDictionary<int, double> IntermediateValues { get; init; } = ImmutableSortedDictionary<int, double>.Empty;

    /// <summary>The final objective value; set for <see cref="TrialState.Complete"/> trials only.</summary>
    public double? Value { get; init; }

    /// <summary>Why a trial failed (the exception's message, "objective is NaN", "interrupted"); null otherwise.</summary>
    public string? Message { get; init; }

    /// <summary>The last reported step, or null when none was reported.</summary>
    public int? LastStep => IntermediateValues.IsEmpty ? null : IntermediateValues.Keys.Last();

    /// <summary>True once the trial has a final state.</summary>
    public bool IsFinished => State != TrialState.Running;

    /// <summary>The intermediate value at exactly <paramref name="step"/>, or null.</summary>
    public double? ValueAt(int step) => IntermediateValues.TryGetValue(step, out var value) ? value : null;

    /// <summary>The best intermediate value at steps up to <paramref name="step"/> (NaN values are skipped), or NaN when there is none.</summary>
    public double BestValueUpTo(int step, StudyDirection direction)
    {
        var best = double.NaN;
        foreach (var (s, value) in IntermediateValues)
        {
            if (s > step)
                break;
            if (!double.IsNaN(value) && (double.IsNaN(best) || direction.IsBetter(value, best)))
                best = value;
        }
        return best;
    }
}
