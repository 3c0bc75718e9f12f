namespace Repro.Core.Search;

/// <summary>
/// A study storage that several processes, on one machine or many, use at once (PostgreSQL): a trial's number is claimed
/// only while the study has room for it, and each running trial carries a heartbeat, so a worker that dies leaves its
/// trial failed after <see cref="HeartbeatTimeout"/> and the others go on, as Optuna's RDB storage does.
/// </summary>
public interface ISharedStudyStorage : IStudyStorage
{
    /// <summary>How often a worker records that its running trials are alive.</summary>
    TimeSpan HeartbeatInterval { get; }

    /// <summary>How long a running trial may go without a heartbeat before any worker marks it failed.</summary>
    TimeSpan HeartbeatTimeout { get; }

    /// <summary>
    /// Like <see cref="IStudyStorage.ClaimTrial"/>, but only while the study has fewer than <paramref name="maxTrials"/>
    /// trials that are finished or running; returns null when it is full. The claimed trial gets its first heartbeat.
    /// </summary>
    int? TryClaimTrial(string studyName, Func<int, long> seed, int maxTrials);

    /// <summary>Records that the running trials <paramref name="numbers"/> are still being evaluated.</summary>
    void RecordHeartbeat(string studyName, IReadOnlyCollection<int> numbers);

    /// <summary>Marks failed every running trial whose last heartbeat is older than <see cref="HeartbeatTimeout"/>; returns their numbers.</summary>
    IReadOnlyList<int> FailStaleTrials(string studyName);
}
