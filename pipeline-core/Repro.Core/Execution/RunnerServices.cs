using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Core.Steps;
using Repro.Core.Store;

namespace Repro.Core.Execution;

/// <summary>What a <see cref="Runner"/> works with: hasher, object store, run cache, recorder, executor and observer.</summary>
public sealed class RunnerServices : IAsyncDisposable
{
    public required ContentHasher Hasher { get; init; }

    public required ObjectStore Objects { get; init; }

    public required StageCache Cache { get; init; }

    public required RunRecorder Recorder { get; init; }

    public required IStageExecutor Executor { get; init; }

    /// <summary>
    /// Runs <c>uses: search</c> stages in-process (the search engine plugs in here); null until one is given, and then such a
    /// stage fails with a message saying so.
    /// </summary>
    public IStageExecutor? SearchExecutor { get; init; }

    public IRunObserver Observer { get; init; } = NullRunObserver.Instance;

    public StepCatalog Steps { get; init; } = StepCatalog.Empty;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The run store, for callers that read records after a run (experiments, search).</summary>
    public RunStore? Store { get; init; }

    /// <summary>Called when the services are disposed (saves the stat cache, closes the store).</summary>
    public Func<ValueTask>? OnDispose { get; init; }

    /// <summary>The same services with <paramref name="searchExecutor"/> running <c>uses: search</c> stages.</summary>
    public RunnerServices WithSearchExecutor(IStageExecutor searchExecutor) =>
        new()
        {
            Hasher = Hasher,
            Objects = Objects,
            Cache = Cache,
            Recorder = Recorder,
            Executor = Executor,
            SearchExecutor = searchExecutor,
            Observer = Observer,
            Steps = Steps,
            Time = Time,
            Store = Store,
            OnDispose = OnDispose,
        };

    public ValueTask DisposeAsync() => OnDispose?.Invoke() ?? ValueTask.CompletedTask;

    /// <summary>
    /// Opens the project's store (<c>.repro/repro.db</c>, created when missing), its stat cache and its object cache
    /// (<c>.repro/cache</c>). Disposing saves the stat cache and closes the store. <paramref name="searchExecutor"/> builds the
    /// executor of <c>uses: search</c> stages from the services (a search runs trials with them).
    /// </summary>
    public static RunnerServices Open(
        string projectDirPath,
        IStageExecutor executor,
        IRunObserver? observer = null,
        StepCatalog? steps = null,
        TimeProvider? time = null,
        IReadOnlyDictionary<string, string>? environment = null,
        Func<RunnerServices, IStageExecutor>? searchExecutor = null
    )
    {
        ArgumentNullException.ThrowIfNull(projectDirPath);
        ArgumentNullException.ThrowIfNull(executor);
        time ??= TimeProvider.System;
        var reproDir = Path.Combine(projectDirPath, ".repro");
        var store = RunStore.Open(Path.Combine(reproDir, "repro.db"), time);
        try
        {
            var statCache = store.LoadStatCache(time);
            var objects = new ObjectStore(Path.Combine(reproDir, "cache"));
            var services = new RunnerServices
            {
                Hasher = new ContentHasher(statCache),
                Objects = objects,
                Cache = new StageCache(store, objects),
                Recorder = new RunRecorder(store, projectDirPath, time, environment),
                Executor = executor,
                Observer = observer ?? NullRunObserver.Instance,
                Steps = steps ?? StepCatalog.Empty,
                Time = time,
                Store = store,
                OnDispose = () =>
                {
                    // The stat cache is what makes the next no-op run cheap: keep it even after a failed run.
                    store.SaveStatCache(statCache);
                    store.Dispose();
                    return ValueTask.CompletedTask;
                },
            };
            return searchExecutor is null ? services : services.WithSearchExecutor(searchExecutor(services));
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}
