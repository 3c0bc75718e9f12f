namespace Repro.Core.Fingerprint;

/// <summary>How far hashing a path has come; totals are known before the first byte is read.</summary>
public readonly record struct HashProgress(long BytesDone, long BytesTotal, int FilesDone, int FilesTotal);
