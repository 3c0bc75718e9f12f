using Repro.Core.Lock;
using Repro.Core.Steps;
using Repro.Core.Store;

namespace Repro.Core.Experiments;

/// <summary>
/// Finds the experiment a user means: an exact name, an id prefix, <c>last</c> (the newest run) or <c>lock</c>
/// (the committed repro.lock). A name that matches nothing is an input error listing the closest names.
/// </summary>
public sealed class ExperimentResolver(RunStore store, string projectDirPath)
{
    /// <summary>The run a reference names; <c>lock</c> is not a run and is refused here.</summary>
    public RunRecord ResolveRun(string reference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        if (reference == "last")
        {
            return store.ListRuns(limit: 1).FirstOrDefault()
                ?? throw new ReproException("there is no experiment yet", "run 'dotnet repro run' first");
        }
        var byName = store.FindRunsByName(reference);
        if (byName.Count > 0)
            return byName[0]; // the newest run of that name
        var byId = store.FindRunsByIdPrefix(reference);
        if (byId.Count == 1)
            return byId[0];
        if (byId.Count > 1)
        {
            throw new ReproException(
                $"'{reference}' is the start of {byId.Count} experiment ids",
                $"give more characters: {string.Join(", ", byId.Take(5).Select(r => r.Id))}"
            );
        }
        throw Unknown(reference);
    }

    /// <summary>The snapshot a reference names, repro.lock included.</summary>
    public ExperimentSnapshot Resolve(string reference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        if (reference != "lock")
            return RunSnapshot.From(store, ResolveRun(reference));
        var lockPath = Path.Combine(projectDirPath, LockFile.FileName);
        if (!File.Exists(lockPath))
            throw new ReproException(
                $"there is no {LockFile.FileName} in {projectDirPath}",
                "a successful full 'dotnet repro run' writes it"
            );
        return LockSnapshot.From(LockFileSerializer.Read(File.ReadAllText(lockPath), LockFile.FileName));
    }

    private ReproException Unknown(string reference)
    {
        var names = store.ListRunNames();
        var closest = ClosestName.FindAll(reference, names, max: 3);
        var hint =
            closest.Count > 0 ? $"did you mean {string.Join(", ", closest.Select(n => $"'{n}'"))}?"
            : names.Count > 0 ? "'dotnet repro exp list' shows the experiments"
            : "there is no experiment yet: run 'dotnet repro run' first";
        return new ReproException($"no experiment is named or has an id starting with '{reference}'", hint);
    }
}
