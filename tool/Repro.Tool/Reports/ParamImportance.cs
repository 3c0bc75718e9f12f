namespace Repro.Tool.Reports;

/// <summary>How much of the objective's variance a parameter explains (importances of a study sum to 1).</summary>
public sealed record ParamImportance(string Param, double Importance);
