using Repro.Core.Cache;

namespace Repro.Core.Remote;

/// <summary>Every sentence a user can read about <c>remotes:</c> and about moving objects to and from a remote.</summary>
public static class RemoteErrors
{
    private const string Example = "for example:  remotes: { shared: { type: dir, path: /mnt/nfs/repro-cache } }";

    public static Diagnostic MissingKey(SourceLocation at, string remote, string key, string hint) =>
        new(at, $"remote '{remote}' has no '{key}'", hint);

    public static Diagnostic UnknownType(SourceLocation at, string remote, string type) =>
        new(at, $"remote '{remote}' has an unknown type '{type}'", "expected 'dir' (a folder, local or mounted) or 's3'");

    public static Diagnostic InvalidName(SourceLocation at, string name) =>
        new(at, $"remote name '{name}' may only contain letters, digits, '_', '-' and '.'");

    public static Diagnostic TwoDefaults(SourceLocation at, string remote, string other) =>
        new(at, $"remotes '{other}' and '{remote}' are both marked 'default: true'", "mark at most one remote as the default");

    public static Diagnostic BadEndpoint(SourceLocation at, string remote, string text) =>
        new(at, $"the endpoint '{text}' of remote '{remote}' is not an http or https URL", "for example endpoint: http://localhost:9000");

    public static Diagnostic BadJobs(SourceLocation at, string remote) => new(at, $"'jobs' of remote '{remote}' must be at least 1");

    public static Diagnostic ExpectedBoolean(SourceLocation at, string what, string found) =>
        new(at, $"expected true or false for {what}, found {found}");

    public static Diagnostic NoRemotes() => new(null, "pipeline.yaml declares no remotes", Example);

    public static Diagnostic UnknownRemote(string name, IReadOnlyList<string> known) =>
        new(
            null,
            $"unknown remote '{name}'",
            Pipeline.Suggestions.Closest(name, known) is { } closest
                ? $"did you mean '{closest}'?"
                : $"remotes in pipeline.yaml: {string.Join(", ", known)}"
        );

    public static Diagnostic NoDefaultRemote(IReadOnlyList<string> known) =>
        new(
            null,
            $"pipeline.yaml declares several remotes ({string.Join(", ", known)}) and none is the default",
            "pass --remote NAME, or mark one with 'default: true'"
        );

    public static Diagnostic DirRemoteMissing(SourceLocation at, string remote, string dirPath) =>
        new(
            at,
            $"the folder '{dirPath}' of remote '{remote}' does not exist",
            "create it (mkdir -p) or mount it; Repro does not create a remote's folder, so an unmounted share is not filled by mistake"
        );

    public static Diagnostic PullWithDryRun() =>
        new(null, "--pull cannot be combined with --dry-run", "a dry run changes nothing; run 'dotnet repro pull' first, then the dry run");

    /// <summary>An object whose bytes do not hash to its name; nothing was written under its final name.</summary>
    public static string Corrupted(string remote, ObjectId id, ObjectId actual) =>
        $"object {id} on remote '{remote}' is corrupted (its content hashes to {actual}); it was not written to the local cache. "
        + "Delete it from the remote and push it again from a project that has it.";

    /// <summary>A local object whose bytes do not hash to its name; it was not sent.</summary>
    public static string LocalCorrupted(ObjectId id, string detail) =>
        $"local cache object {id} was not pushed: {detail}. Run 'dotnet repro gc' and re-run the stage that made it.";

    /// <summary>A run-cache record on the remote that cannot be read.</summary>
    public static string BadRecord(string remote, string key, string detail) =>
        $"run-cache record '{key}' on remote '{remote}' is unreadable ({detail}); it was skipped.";
}
