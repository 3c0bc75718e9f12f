namespace Repro.Core.Search.Pruners;

/// <summary><c>pruner: none</c>: every trial runs to the end.</summary>
public sealed class NopPruner : IPruner
{
    public string Name => "none";

    public bool ShouldPrune(Study study, Trial trial) => false;
}
