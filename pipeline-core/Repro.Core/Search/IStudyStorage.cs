namespace Repro.Core.Search;

/// <summary>
/// Where studies and their trials live: in memory (tests, benchmarks), in <c>.repro/repro.db</c> (SQLite), or in
/// PostgreSQL for several machines. Every method is one atomic step, so a process killed between two calls loses
/// at most the trial it was running, never a finished one.
/// </summary>
public interface IStudyStorage
{
    /// <summary>Returns the study named <paramref name="study"/>.<c>Name</c>, creating it when it does not exist yet.</summary>
    StudyRecord CreateOrLoadStudy(StudyRecord study);

    /// <summary>The study named <paramref name="name"/>, or null.</summary>
    StudyRecord? TryLoadStudy(string name);

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
    /// Links a trial to the run record that evaluated it (the search stage calls it once the run exists). A storage that
    /// keeps no run records ignores it.
    /// </summary>
    void SetTrialRun(string studyName, int number, string runId) { }
}
