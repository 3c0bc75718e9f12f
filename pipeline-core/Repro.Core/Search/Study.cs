using System.Collections.Immutable;
using Repro.Core.Execution;
using Repro.Core.Search.Pruners;
using Repro.Core.Search.Samplers;

namespace Repro.Core.Search;

/// <summary>
/// A search: trials asked from a sampler, told their results, pruned by a pruner, all kept in an
/// <see cref="IStudyStorage"/>. Thread-safe: parallel workers share one study and call <see cref="Ask()"/>,
/// <see cref="Report"/> and <see cref="Tell"/> for their own trials.
/// </summary>
/// <remarks>
/// Determinism: trial n is sampled with a generator seeded from (study seed, n) and sees the trials that exist
/// when it is asked. A sequential study with the same seed therefore proposes the same points; a parallel one does
/// when its trials are asked and finish in the same order. A proposal equal to a running trial's point is drawn
/// again (16 times, then at random up to 32 more), so two workers never evaluate the same point unless the space has fewer points than
/// there are workers.
/// <para>
/// On an <see cref="ISharedStudyStorage"/> (PostgreSQL) other processes work on the same study: every <see cref="Ask()"/>
/// first fails the trials of dead workers and reloads the study, so the sampler sees every finished trial whoever ran it,
/// and each trial this process runs sends a heartbeat until it is finished. Parallel workers make the proposals depend on
/// timing, so such a study is not reproducible trial for trial; a sequential one still is. A trial whose heartbeat stopped
/// for longer than the timeout (this process stalled, or lost the database) is failed by the next worker that looks; its
/// late result is then discarded (<see cref="ResultDiscarded"/>) and this process goes on with the study.
/// </para>
/// </remarks>
public sealed class Study
{
    private const int DistinctAttempts = 16;
    private static readonly RandomSampler Fallback = new();

    private readonly System.Threading.Lock gate = new();
    private readonly IStudyStorage storage;
    private readonly ISharedStudyStorage? shared;
    private readonly Dictionary<int, Timer> heartbeats = [];
    private readonly List<Trial> trials;
    private readonly long samplerSeed;
    private Trial[]? snapshot;
    private int finishedCount;

    private Study(IStudyStorage storage, StudyRecord record, SearchSpace.SearchSpace space, ISampler sampler, IPruner pruner)
    {
        this.storage = storage;
        shared = storage as ISharedStudyStorage;
        Name = record.Name;
        Direction = record.Direction;
        Seed = record.Seed;
        Space = space;
        Sampler = sampler;
        Pruner = pruner;
        samplerSeed = Seeds.ForStage(record.Seed, "search.sampler");
        trials = [.. storage.LoadTrials(record.Name).OrderBy(t => t.Number)];
        finishedCount = trials.Count(t => t.IsFinished);
    }

    /// <summary>
    /// Opens the study <paramref name="record"/>.<c>Name</c>, creating it when new; an existing study keeps its
    /// trials, so a killed search resumes. A stored direction or seed other than the given one is an error.
    /// </summary>
    public static Study CreateOrLoad(
        IStudyStorage storage,
        StudyRecord record,
        SearchSpace.SearchSpace space,
        ISampler sampler,
        IPruner? pruner = null
    )
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(sampler);
        var stored = storage.CreateOrLoadStudy(record);
        if (stored.Direction != record.Direction)
            throw new ReproException(
                SearchErrors.StudyMismatch(record.Name, "direction", stored.Direction.ToYaml(), record.Direction.ToYaml())
            );
        if (stored.Seed != record.Seed)
            throw new ReproException(SearchErrors.StudyMismatch(record.Name, "seed", $"{stored.Seed}", $"{record.Seed}"));
        return new Study(storage, stored, space, sampler, pruner ?? new NopPruner());
    }

    public string Name { get; }

    public StudyDirection Direction { get; }

    /// <summary>The study seed; trial n's seed is <c>Seeds.ForTrial(Seed, n)</c>.</summary>
    public long Seed { get; }

    public SearchSpace.SearchSpace Space { get; }

    public ISampler Sampler { get; }

    public IPruner Pruner { get; }

    /// <summary>Every trial, by number: a snapshot.</summary>
    public IReadOnlyList<Trial> Trials
    {
        get
        {
            lock (gate)
                return snapshot ??= [.. trials];
        }
    }

    /// <summary>How many trials have a final state.</summary>
    public int FinishedCount
    {
        get
        {
            lock (gate)
                return finishedCount;
        }
    }

    /// <summary>Trials that completed with a value.</summary>
    public IEnumerable<Trial> CompleteTrials => Trials.Where(t => t.State == TrialState.Complete);

    /// <summary>The complete trial with the best value (the earliest among equals), or null.</summary>
    public Trial? BestTrial
    {
        get
        {
            Trial? best = null;
            foreach (var trial in CompleteTrials)
                if (best is null || Direction.IsBetter(trial.Value!.Value, best.Value!.Value))
                    best = trial;
            return best;
        }
    }

    /// <summary>
    /// Raised when this process finishes a trial that another worker had already marked failed because its heartbeat
    /// stopped for longer than the timeout (this process stalled, or lost the database). The storage keeps that failed
    /// state, as Optuna's RDB storage refuses to update a finished trial, so the result is discarded. The arguments are
    /// the trial as stored and the trial as this process would have finished it; raised outside the study's lock, on the
    /// thread that called <see cref="Tell"/>, <see cref="Prune"/> or <see cref="Fail"/>.
    /// </summary>
    public event Action<Trial, Trial>? ResultDiscarded;

    /// <summary>A trial by number.</summary>
    public Trial this[int number] => Trials[number];

    /// <summary>Claims a new trial and samples its point; null when the sampler has no point left (a finished grid).</summary>
    public Trial? Ask() => Ask(int.MaxValue);

    /// <summary>
    /// Claims a new trial and samples its point unless the study already has <paramref name="maxTrials"/> trials
    /// (finished or running, in any process); null then, or when the sampler has no point left.
    /// </summary>
    public Trial? Ask(int maxTrials)
    {
        lock (gate)
        {
            if (shared is not null)
            {
                shared.FailStaleTrials(Name);
                Reload();
            }
            if (trials.Count >= maxTrials)
                return null;
            // The live list, not a snapshot: the sampler reads it under the lock, and copying every trial on every ask
            // made a long study's asks grow with its length.
            IReadOnlyList<Trial> others = trials;
            var number = trials.Count;
            if (SampleDistinct(number, others) is not { } point)
                return null;
            var seed = (Func<int, long>)(n => Seeds.ForTrial(Seed, n));
            int claimed;
            if (shared is null)
                claimed = storage.ClaimTrial(Name, seed);
            else if (shared.TryClaimTrial(Name, seed, maxTrials) is { } free)
                claimed = free;
            else
            {
                // Other workers filled the study meanwhile.
                Reload();
                return null;
            }
            if (claimed != number)
            {
                // Another process claimed numbers meanwhile (a shared database): catch up and sample for ours.
                Reload();
                point = SampleDistinct(claimed, [.. trials.Where(t => t.Number != claimed)]);
                if (point is null)
                {
                    storage.FinishTrial(Name, claimed, TrialState.Failed, null, "the sampler had no point left");
                    Reload();
                    return null;
                }
                number = claimed;
            }
            storage.SetParams(Name, number, point);
            if (shared is not null)
                StartHeartbeat(number);
            var trial = new Trial
            {
                Number = number,
                Seed = Seeds.ForTrial(Seed, number),
                Params = point.ToImmutableSortedDictionary(StringComparer.Ordinal),
            };
            Put(trial);
            return trial;
        }
    }

    /// <summary>Records an intermediate value of a running trial; one another worker has failed meanwhile takes none.</summary>
    public void Report(int number, int step, double value)
    {
        lock (gate)
        {
            if (FailedElsewhere(number))
                return;
            var trial = Running(number);
            storage.ReportIntermediate(Name, number, step, value);
            Put(trial with { IntermediateValues = trial.IntermediateValues.SetItem(step, value) });
        }
    }

    /// <summary>Asks the pruner whether the running trial should stop at its last reported step.</summary>
    public bool ShouldPrune(int number)
    {
        Trial trial;
        lock (gate)
        {
            if (FailedElsewhere(number))
                return false;
            trial = Running(number);
        }
        return Pruner.ShouldPrune(this, trial);
    }

    /// <summary>
    /// Finishes a trial with its objective value; NaN or an infinity marks it failed instead. Returns the trial as stored:
    /// failed, if another worker had failed it (<see cref="ResultDiscarded"/>).
    /// </summary>
    public Trial Tell(int number, double value) =>
        double.IsFinite(value)
            ? Finish(number, TrialState.Complete, value, null)
            : Finish(number, TrialState.Failed, null, $"the objective value is {value}");

    /// <summary>Finishes a trial as pruned.</summary>
    public Trial Prune(int number) => Finish(number, TrialState.Pruned, null, null);

    /// <summary>Finishes a trial as failed (a crash, running out of memory), with the reason.</summary>
    public Trial Fail(int number, string message) => Finish(number, TrialState.Failed, null, message);

    /// <summary>
    /// Marks the running trials of a previous, killed process as failed ("interrupted") and returns how many. Call it
    /// when resuming a study that no other process works on.
    /// </summary>
    public int FailInterruptedTrials()
    {
        lock (gate)
        {
            var orphans = trials.Where(t => t.State == TrialState.Running).Select(t => t.Number).ToList();
            foreach (var number in orphans)
                Finish(number, TrialState.Failed, null, "interrupted");
            return orphans.Count;
        }
    }

    /// <summary>
    /// Runs trials one after another until the study has <paramref name="trialCount"/> finished trials (those of a
    /// previous run count, so a resumed study does only the rest) or the sampler has no point left. An exception in
    /// the objective fails that trial and the study goes on.
    /// </summary>
    public void Optimize(int trialCount, Func<TrialHandle, double> objective, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        while (FinishedCount < trialCount)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A shared study stops at trialCount trials in all; a private one may have orphans of a killed run to replace.
            if (Ask(shared is null ? int.MaxValue : trialCount) is not { } trial)
            {
                // The last trials run in other workers: wait for them, or for their heartbeats to stop, then look again.
                if (shared is null || !Trials.Any(t => t.State == TrialState.Running))
                    return;
                cancellationToken.WaitHandle.WaitOne(shared.HeartbeatInterval);
                continue;
            }
            var handle = new TrialHandle(this, trial);
            double value;
            try
            {
                value = objective(handle);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Fail(trial.Number, ex.Message);
                continue;
            }
            if (handle.IsPruned)
                Prune(trial.Number);
            else
                Tell(trial.Number, value);
        }
    }

    private Dictionary<string, object>? SampleDistinct(int number, IReadOnlyList<Trial> others)
    {
        // Under the lock, so the count says whether any trial runs; a sequential study then skips the scan.
        var running =
            finishedCount < trials.Count
                ? others.Where(t => t.State == TrialState.Running && t.Params.Count > 0).Select(t => ParamKey.Of(t.Params)).ToHashSet()
                : [];
        IReadOnlyDictionary<string, object>? point = null;
        // A model-based sampler can be nearly deterministic on a small discrete space, so after a few tries the
        // point is drawn at random instead.
        for (var attempt = 0; attempt < 3 * DistinctAttempts; attempt++)
        {
            var seed = Seeds.ForTrial(samplerSeed, number);
            var random = Seeds.CreateRandom(attempt == 0 ? seed : Seeds.ForTrial(seed, attempt));
            var sampler = attempt < DistinctAttempts ? Sampler : Fallback;
            point = sampler.Sample(new SamplingContext(Space, Direction, others, number, random));
            if (point is null || !running.Contains(ParamKey.Of(point)))
                break;
        }
        return point is null ? null : new Dictionary<string, object>(point, StringComparer.Ordinal);
    }

    private Trial Finish(int number, TrialState state, double? value, string? message)
    {
        Trial stored,
            result;
        lock (gate)
        {
            // A shared storage's trial beats until this process finishes it, so a beating trial that is no longer
            // running was failed by another worker that found its heartbeat stale.
            var elsewhere = FailedElsewhere(number);
            var beating = StopHeartbeat(number);
            var trial = elsewhere ? trials[number] : Running(number);
            result = trial with { State = state, Value = value, Message = message };
            if (!elsewhere)
            {
                try
                {
                    storage.FinishTrial(Name, number, state, value, message);
                    Put(result);
                    return result;
                }
                catch (InvalidOperationException) when (beating)
                {
                    // Failed by another worker since this process last loaded the study (no running trial to update).
                    Reload();
                    if (!trials[number].IsFinished)
                        throw;
                }
            }
            stored = trials[number];
        }
        ResultDiscarded?.Invoke(stored, result);
        return stored;
    }

    /// <summary>True when this process's trial <paramref name="number"/> is loaded finished but still beats: another worker failed it.</summary>
    private bool FailedElsewhere(int number) =>
        heartbeats.ContainsKey(number) && number >= 0 && number < trials.Count && trials[number].IsFinished;

    private void StartHeartbeat(int number)
    {
        var beat = shared!;
        heartbeats[number] = new Timer(
            _ =>
            {
                try
                {
                    beat.RecordHeartbeat(Name, [number]);
                }
                catch (Exception)
                {
                    // A missed beat is harmless while the next ones arrive; a worker that stays cut off long enough has
                    // its trial failed by the others, which is the point of heartbeats. A timer thread must not crash the process.
                }
            },
            null,
            beat.HeartbeatInterval,
            beat.HeartbeatInterval
        );
    }

    /// <summary>Stops trial <paramref name="number"/>'s heartbeat; false when it had none (a private storage, or already finished).</summary>
    private bool StopHeartbeat(int number)
    {
        if (!heartbeats.Remove(number, out var timer))
            return false;
        timer.Dispose();
        return true;
    }

    private Trial Running(int number)
    {
        if (number < 0 || number >= trials.Count)
            throw new ArgumentOutOfRangeException(nameof(number), number, $"study '{Name}' has no trial {number}");
        var trial = trials[number];
        return trial.State == TrialState.Running
            ? trial
            : throw new InvalidOperationException($"trial {number} of study '{Name}' is already {trial.State}");
    }

    private void Put(Trial trial)
    {
        if (trial.Number == trials.Count)
            trials.Add(trial);
        else
        {
            if (trial.IsFinished && !trials[trial.Number].IsFinished)
                finishedCount++;
            trials[trial.Number] = trial;
        }
        snapshot = null;
    }

    private void Reload()
    {
        trials.Clear();
        trials.AddRange(storage.LoadTrials(Name).OrderBy(t => t.Number));
        finishedCount = trials.Count(t => t.IsFinished);
        snapshot = null;
    }
}
