using Repro.Core.Cache;

namespace Repro.Core.Fingerprint;

/// <summary>One row of the <see cref="StatCache"/>: a file's full path, its stat when it was hashed, and its id.</summary>
public readonly record struct StatCacheEntry(string Path, FileStatKey Key, ObjectId Id);
