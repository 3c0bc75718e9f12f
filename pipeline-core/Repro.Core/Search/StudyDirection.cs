namespace Repro.Core.Search;

/// <summary>Whether a study looks for the smallest or the largest objective value.</summary>
public enum StudyDirection
{
    /// <summary>Smaller is better (a loss).</summary>
    Minimize,

    /// <summary>Larger is better (an accuracy).</summary>
    Maximize,
}
