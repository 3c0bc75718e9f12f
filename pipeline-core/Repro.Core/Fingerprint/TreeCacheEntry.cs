using Repro.Core.Cache;

namespace Repro.Core.Fingerprint;

/// <summary>A directory remembered by the <see cref="StatCache"/>: its full path, the stat summary of its files, its hash.</summary>
public readonly record struct TreeCacheEntry(string Path, ObjectId Summary, PathHash Hash);
