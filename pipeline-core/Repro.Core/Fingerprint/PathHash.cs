using Repro.Core.Cache;

namespace Repro.Core.Fingerprint;

/// <summary>The content hash of a file or a directory, with its size in bytes and its number of files.</summary>
/// <param name="Id">The file's BLAKE3 hash, or the BLAKE3 hash of the directory's canonical manifest.</param>
/// <param name="IsDirectory">Whether the path is a directory.</param>
/// <param name="Bytes">The file's size, or the total size of the files in the directory.</param>
/// <param name="Files">1 for a file; the number of files in a directory.</param>
public readonly record struct PathHash(ObjectId Id, bool IsDirectory, long Bytes, int Files);
