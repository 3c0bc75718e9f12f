using Repro.Core.Fingerprint;

namespace Repro.Core.Store;

/// <summary>One out of a cached stage result: its path (relative to the project) and its content hash.</summary>
public sealed record StageOut(string Path, PathHash Hash);
