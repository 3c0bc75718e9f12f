namespace Repro.Core.Search;

/// <summary>
/// Where studies and their trials live: in memory (tests, benchmarks), in <c>.repro/repro.db</c> (SQLite), or in
/// PostgreSQL for several machines. Every method is one atomic step, so a process killed between two calls loses
/// at most the trial it was running, never a finished one.
/// </summary>
public interface IStudyStorage
{
    /// <summary>
    /// Returns the study named <paramref name="study"/>.<c>Name</c>, creating it (with its stage and definition) when it does
    /// not exist yet.
    /// </summary>
    StudyRecord CreateOrLoadStudy(StudyRecord study);

    /// <summary>The study named <paramref name="name"/>, or null.</summary>
    StudyRecord? TryLoadStudy(string name);

    /// <summary>Every study, oldest first.</summary>
    IReadOnlyList<StudyRecord> ListStudies();

    /// <summary>
    /// Creates <paramref name="study"/> unless a study has its name, or another study of its stage has its definition,
    /// atomically: two processes that create the same definition at once make one study. Returns whether it created it.
    /// </summary>
    bool TryCreateStudy(StudyRecord study);

    /// <summary>
    /// Records the definition of a study created without one (by an older Repro), unless it has one by now or another study
    /// of its stage has that definition; atomically. Returns whether it recorded it.
    /// </summary>
    bool TrySetDefinition(string name, StudyDefinition definition);

    /// <summary>Deletes a study with its trials and their values; false when there was no such study.</summary>
    bool DeleteStudy(string name);

    /// <summary>
    /// Claims the next trial number and stores a running trial with <paramref name="seed"/> for it, atomically: two
    /// processes never get the same number. Returns the number.
    /// </summary>
    int ClaimTrial(string studyName, Func<int, long> seed);

    /// <summary>Stores the point a sampler chose for a claimed trial.</summary>
    void SetParams(string studyName, int number, IReadOnlyDictionary<string, object> parameters);

    /// <summary>Stores an intermediate value of a running trial (replacing one at the same step); a finished trial takes none.</summary>
    void ReportIntermediate(string studyName, int number, int step, double value);

    /// <summary>
    /// Sets a running trial's final state; the trial then never changes again.
    /// </summary>
    /// <exception cref="InvalidOperationException">The trial is not running: it was finished before, maybe by another process.</exception>
    void FinishTrial(string studyName, int number, TrialState state, double? value, string? message);

    /// <summary>Every trial of the study, by number.</summary>
    IReadOnlyList<Trial> LoadTrials(string studyName);

    /// <summary>
    /// How every trial of the study ended, by number: <see cref="LoadTrials"/> without the points and intermediate values,
    /// which a 10,000-trial study's listing would spend most of its time reading.
    /// </summary>
    IReadOnlyList<TrialOutcome> LoadOutcomes(string studyName) => [.. LoadTrials(studyName).Select(TrialOutcome.Of)];

    /// <summary>
    /// Links a trial to the run record that evaluated it (the search stage calls it once the run exists). A storage that
    /// keeps no run records ignores it.
    /// </summary>
    void SetTrialRun(string studyName, int number, string runId) { }
}
