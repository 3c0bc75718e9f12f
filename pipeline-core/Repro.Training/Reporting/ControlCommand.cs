namespace Repro.Training.Reporting;

/// <summary>What the engine asks a running step to do, through the control file.</summary>
public enum ControlCommand
{
    /// <summary>Carry on.</summary>
    None,

    /// <summary>The search pruned this trial: stop now; the trial is recorded as pruned.</summary>
    Prune,

    /// <summary>The user interrupted: stop at the next safe point, keeping the last checkpoint.</summary>
    Stop,
}
