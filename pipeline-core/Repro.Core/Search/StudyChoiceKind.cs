namespace Repro.Core.Search;

/// <summary>How a search stage came to its study (<see cref="StageStudies.Choose"/>).</summary>
public enum StudyChoiceKind
{
    /// <summary>A study with the same definition existed: its trials are reused and it goes on.</summary>
    Resumed,

    /// <summary>No study had this definition: a new one was created.</summary>
    Created,

    /// <summary>A study from an older Repro, which recorded no definition, fits this one and now records it.</summary>
    Adopted,
}
