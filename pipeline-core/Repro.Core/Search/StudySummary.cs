using Repro.Core.Search.Importance;

namespace Repro.Core.Search;

/// <summary>
/// What <c>repro search show</c> prints about a study: counts by state, the best trial, the top trials, the
/// optimisation history (each finished trial's value and the best so far) and parameter importances.
/// </summary>
public sealed record StudySummary
{
    public required string Name { get; init; }

    public required StudyDirection Direction { get; init; }

    /// <summary>How many trials are in each state.</summary>
    public required IReadOnlyDictionary<TrialState, int> Counts { get; init; }

    public Trial? Best { get; init; }

    /// <summary>The best complete trials, best first.</summary>
    public required IReadOnlyList<Trial> Top { get; init; }

    /// <summary>One entry per trial, by number: its value (null unless complete) and the best value so far.</summary>
    public required IReadOnlyList<HistoryPoint> History { get; init; }

    /// <summary>Parameter importances, largest first (see <see cref="ParameterImportance"/>).</summary>
    public required IReadOnlyList<KeyValuePair<string, double>> Importances { get; init; }

    /// <summary>Summarises <paramref name="study"/>, listing its <paramref name="top"/> best trials.</summary>
    public static StudySummary Of(Study study, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(study);
        var trials = study.Trials;
        var direction = study.Direction;
        var history = new List<HistoryPoint>(trials.Count);
        double? best = null;
        foreach (var trial in trials)
        {
            if (trial.Value is { } value && (best is null || direction.IsBetter(value, best.Value)))
                best = value;
            history.Add(new HistoryPoint(trial.Number, trial.State, trial.Value, best));
        }
        return new StudySummary
        {
            Name = study.Name,
            Direction = direction,
            Counts = Enum.GetValues<TrialState>().ToDictionary(s => s, s => trials.Count(t => t.State == s)),
            Best = study.BestTrial,
            Top = [.. study.CompleteTrials.OrderBy(t => direction.ToLoss(t.Value!.Value)).ThenBy(t => t.Number).Take(top)],
            History = history,
            Importances = ParameterImportance.Compute(study),
        };
    }

    /// <summary>One trial in the optimisation history.</summary>
    public sealed record HistoryPoint(int Number, TrialState State, double? Value, double? BestSoFar);
}
