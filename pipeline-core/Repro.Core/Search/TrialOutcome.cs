namespace Repro.Core.Search;

/// <summary>
/// How a trial ended, without its point or its intermediate values: what a listing of a study's trials shows
/// (<c>exp list --study</c>), read in one query where the whole trials would also read every reported step.
/// </summary>
/// <param name="Number">The trial's number in its study.</param>
/// <param name="State">Its state.</param>
/// <param name="Value">Its final objective value; set for complete trials only.</param>
public readonly record struct TrialOutcome(int Number, TrialState State, double? Value)
{
    public static TrialOutcome Of(Trial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return new(trial.Number, trial.State, trial.Value);
    }
}
