using System.Globalization;

namespace Repro.Core.Search;

/// <summary>
/// The studies of one search stage (issue #7). A study is its <see cref="StudyDefinition"/>: the stage works on the study
/// whose definition matches the pipeline's, and when none does it starts a new one, named after the stage
/// (<c>tune</c>), then <c>tune@2</c>, <c>tune@3</c>, ... (<c>@</c> is not allowed in a stage name, so no stage's study can
/// take another's name). The other studies stay, with their trials, until <c>repro search rm</c>.
/// </summary>
/// <remarks>
/// On a shared storage two workers that read the same pipeline compute the same definition: the storage creates one study
/// for a stage and definition (the second insert conflicts), and the loser reads the winner's study on its next look.
/// </remarks>
public static class StageStudies
{
    /// <summary>Between a stage's name and the number of its later studies: <c>tune@2</c>.</summary>
    public const char NumberSeparator = '@';

    // Each attempt loses only to another process creating a study of this stage meanwhile.
    private const int Attempts = 16;

    /// <summary>
    /// Finds or creates the study of search stage <paramref name="stage"/> for <paramref name="definition"/>. A study written
    /// by an older Repro (no definition recorded) is taken over when its direction and seed match and every one of its trials
    /// lies in the space: then it is most likely the same search, and it resumes as before.
    /// </summary>
    public static StudyChoice Choose(IStudyStorage storage, string stage, StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrEmpty(stage);
        ArgumentNullException.ThrowIfNull(definition);
        var refused = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var all = storage.ListStudies();
            var mine = all.Where(s => s.SearchStage == stage).ToList();
            var latest = mine.LastOrDefault();
            var previous = (StudyRecord match) =>
                latest is null || latest.Name == match.Name ? null : Describe(storage, latest, definition);
            switch (Current(storage, mine, definition, refused))
            {
                case { Definition: not null } same:
                    return new StudyChoice(same, StudyChoiceKind.Resumed, previous(same));
                case { } legacy when storage.TrySetDefinition(legacy.Name, definition):
                    return new StudyChoice(legacy with { Definition = definition }, StudyChoiceKind.Adopted, previous(legacy));
                case { } legacy:
                    // Another process recorded a definition in it meanwhile: look again.
                    refused.Add(legacy.Name);
                    continue;
            }
            var created = new StudyRecord(NextName(stage, all), definition.Direction, definition.Seed)
            {
                Stage = stage,
                Definition = definition,
            };
            if (storage.TryCreateStudy(created))
                return new StudyChoice(created, StudyChoiceKind.Created, latest is null ? null : Describe(storage, latest, definition));
        }
        throw new InvalidOperationException($"no study could be opened for stage '{stage}' after {Attempts} attempts");
    }

    /// <summary>
    /// The study search stage <paramref name="stage"/> works on for <paramref name="definition"/>, without creating or
    /// changing any: the one with that definition, or one an older Repro wrote that <see cref="Choose"/> would take over;
    /// null when there is none yet.
    /// </summary>
    public static StudyRecord? Current(IStudyStorage storage, string stage, StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(definition);
        return Current(storage, [.. storage.ListStudies().Where(s => s.SearchStage == stage)], definition, new HashSet<string>());
    }

    private static StudyRecord? Current(
        IStudyStorage storage,
        List<StudyRecord> mine,
        StudyDefinition definition,
        HashSet<string> refused
    ) =>
        mine.FirstOrDefault(s => s.Definition?.Hash == definition.Hash)
        ?? mine.FirstOrDefault(s =>
            s.Definition is null
            && !refused.Contains(s.Name)
            && s.Direction == definition.Direction
            && s.Seed == definition.Seed
            && storage.LoadTrials(s.Name).All(t => definition.Admits(t.Params))
        );

    /// <summary>
    /// The name of a stage's next study: the stage's own name while neither it nor any <c>stage@N</c> is taken, else
    /// <c>stage@N</c> after the highest N (the stage's own name counting as 1), so a later study never takes an earlier name.
    /// </summary>
    public static string NextName(string stage, IEnumerable<StudyRecord> studies)
    {
        ArgumentNullException.ThrowIfNull(studies);
        var prefix = stage + NumberSeparator;
        var taken = studies
            .Select(s => s.Name)
            .Select(n =>
                n == stage ? 1
                : n.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(n.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var k)
                    ? k
                : 0
            )
            .DefaultIfEmpty(0)
            .Max();
        return taken == 0 ? stage : string.Create(CultureInfo.InvariantCulture, $"{prefix}{taken + 1}");
    }

    /// <summary>A stage's other study as the choice reports it: its name, finished trials and what differs from the new definition.</summary>
    private static StudyChoice.Other Describe(IStudyStorage storage, StudyRecord study, StudyDefinition definition)
    {
        var finished = storage.LoadTrials(study.Name).Count(t => t.IsFinished);
        IReadOnlyList<string> changes = study.Definition is { } old
            ? definition.Differences(old)
            // An older Repro recorded only direction and seed; a study that was not taken over differs in its space otherwise.
            :
            [
                .. study.Direction != definition.Direction ? ["objective"] : Array.Empty<string>(),
                .. study.Seed != definition.Seed ? ["seed"] : Array.Empty<string>(),
                .. study.Direction == definition.Direction && study.Seed == definition.Seed ? ["space"] : Array.Empty<string>(),
            ];
        return new StudyChoice.Other(study.Name, finished, changes);
    }
}
