namespace Repro.Core.Cache;

/// <summary>One file of a <see cref="DirectoryManifest"/>.</summary>
/// <param name="Path">Relative to the directory, with '/' separators.</param>
/// <param name="Id">The file's content id.</param>
/// <param name="Size">The file's size in bytes.</param>
/// <param name="IsExecutable">Whether the owner may execute it (the one mode bit that matters to a pipeline).</param>
public sealed record ManifestEntry(string Path, ObjectId Id, long Size, bool IsExecutable);
