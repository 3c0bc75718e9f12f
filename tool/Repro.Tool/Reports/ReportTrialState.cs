namespace Repro.Tool.Reports;

/// <summary>A trial's state, as the report shows it.</summary>
public enum ReportTrialState
{
    Running,
    Complete,
    Pruned,
    Failed,
}
