using System.Collections.Immutable;

namespace Repro.Core.Search;

/// <summary>Studies in this process's memory: for tests, benchmarks and one-off searches. Thread-safe.</summary>
public sealed class InMemoryStudyStorage : IStudyStorage
{
    private readonly System.Threading.Lock gate = new();

    // Ordered: ListStudies returns the oldest first, deletions or not.
    private readonly OrderedDictionary<string, (StudyRecord Study, List<Trial> Trials)> studies = new(StringComparer.Ordinal);

    public StudyRecord CreateOrLoadStudy(StudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(study);
        lock (gate)
        {
            if (!studies.TryGetValue(study.Name, out var entry))
                studies[study.Name] = entry = (study, []);
            return entry.Study;
        }
    }

    public StudyRecord? TryLoadStudy(string name)
    {
        lock (gate)
            return studies.TryGetValue(name, out var entry) ? entry.Study : null;
    }

    public IReadOnlyList<StudyRecord> ListStudies()
    {
        lock (gate)
            return [.. studies.Values.Select(e => e.Study)];
    }

    public bool TryCreateStudy(StudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(study);
        lock (gate)
        {
            if (studies.ContainsKey(study.Name) || (study.Definition is { } definition && HasDefinition(study.SearchStage, definition)))
                return false;
            studies[study.Name] = (study, []);
            return true;
        }
    }

    public bool TrySetDefinition(string name, StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (gate)
        {
            if (
                !studies.TryGetValue(name, out var entry)
                || entry.Study.Definition is not null
                || HasDefinition(entry.Study.SearchStage, definition)
            )
                return false;
            studies[name] = (entry.Study with { Stage = entry.Study.SearchStage, Definition = definition }, entry.Trials);
            return true;
        }
    }

    public bool DeleteStudy(string name)
    {
        lock (gate)
            return studies.Remove(name);
    }

    public int ClaimTrial(string studyName, Func<int, long> seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        lock (gate)
        {
            var trials = Trials(studyName);
            var number = trials.Count;
            trials.Add(new Trial { Number = number, Seed = seed(number) });
            return number;
        }
    }

    public void SetParams(string studyName, int number, IReadOnlyDictionary<string, object> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Update(studyName, number, t => t with { Params = parameters.ToImmutableSortedDictionary(StringComparer.Ordinal) });
    }

    public void ReportIntermediate(string studyName, int number, int step, double value) =>
        Update(studyName, number, t => t.IsFinished ? t : t with { IntermediateValues = t.IntermediateValues.SetItem(step, value) });

    public void FinishTrial(string studyName, int number, TrialState state, double? value, string? message) =>
        Update(
            studyName,
            number,
            t =>
                t.IsFinished
                    ? throw new InvalidOperationException($"trial {number} of study '{studyName}' is already {t.State}")
                    : t with
                    {
                        State = state,
                        Value = value,
                        Message = message,
                    }
        );

    public IReadOnlyList<Trial> LoadTrials(string studyName)
    {
        lock (gate)
            return [.. Trials(studyName)];
    }

    private void Update(string studyName, int number, Func<Trial, Trial> change)
    {
        lock (gate)
        {
            var trials = Trials(studyName);
            trials[number] = change(trials[number]);
        }
    }

    private bool HasDefinition(string stage, StudyDefinition definition) =>
        studies.Values.Any(e => e.Study.SearchStage == stage && e.Study.Definition?.Hash == definition.Hash);

    private List<Trial> Trials(string studyName) =>
        studies.TryGetValue(studyName, out var entry) ? entry.Trials : throw new InvalidOperationException($"no study named '{studyName}'");
}
