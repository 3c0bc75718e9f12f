namespace Repro.Core.Search;

/// <summary>The study a search stage works on, and the stage's latest other study when that is not the one.</summary>
/// <param name="Study">The study to open.</param>
/// <param name="Kind">Whether it was resumed, created or taken over from an older Repro.</param>
/// <param name="Previous">The stage's most recently created other study (whose definition differs), or null.</param>
public sealed record StudyChoice(StudyRecord Study, StudyChoiceKind Kind, StudyChoice.Other? Previous)
{
    /// <summary>Another study of the same stage.</summary>
    /// <param name="Name">Its name.</param>
    /// <param name="FinishedTrials">How many of its trials have a final state.</param>
    /// <param name="Changes">What differs from the chosen definition: <c>space</c>, <c>objective</c>, <c>seed</c>, <c>searched stage</c>.</param>
    public sealed record Other(string Name, int FinishedTrials, IReadOnlyList<string> Changes);
}
