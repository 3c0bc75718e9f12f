namespace Repro.Core.Store;

/// <summary>One experiment: a <c>repro run</c> (DESIGN.md §6). Params and environment are JSON documents.</summary>
/// <param name="Id">Unique id (the engine chooses its format).</param>
/// <param name="Name">Readable name (<c>--name</c>, or generated); not required to be unique.</param>
/// <param name="CreatedAt">When the run started.</param>
/// <param name="FinishedAt">When it ended; null while running (or if it was killed).</param>
/// <param name="Status">Where it stands.</param>
/// <param name="GitCommit">The commit checked out, or null outside a git repository.</param>
/// <param name="GitBranch">The branch, or null (detached head, no repository).</param>
/// <param name="GitDirty">Null outside a git repository.</param>
/// <param name="GitDirtyDiffHash">A hash of the uncommitted diff, when dirty.</param>
/// <param name="CommandLine">The command line as typed.</param>
/// <param name="ParamsJson">The resolved parameters.</param>
/// <param name="PipelineSeed">The pipeline seed (each stage's own seed is in its execution record).</param>
/// <param name="EnvironmentJson">OS, CPU, GPU, .NET, TorchSharp, libtorch, threads, determinism flags.</param>
public sealed record RunRecord(
    string Id,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    RunStatus Status,
    string? GitCommit,
    string? GitBranch,
    bool? GitDirty,
    string? GitDirtyDiffHash,
    string CommandLine,
    string ParamsJson,
    long PipelineSeed,
    string EnvironmentJson
);
