namespace Repro.Core.Search.Pruners;

/// <summary>Decides, after each intermediate value, whether a running trial is hopeless and should stop now.</summary>
public interface IPruner
{
    /// <summary>The name written after <c>pruner:</c> (<c>none</c>, <c>median</c>, <c>asha</c>, <c>hyperband</c>).</summary>
    string Name { get; }

    /// <summary>True when <paramref name="trial"/> (running, judged at its last reported step) should be pruned.</summary>
    bool ShouldPrune(Study study, Trial trial);
}
