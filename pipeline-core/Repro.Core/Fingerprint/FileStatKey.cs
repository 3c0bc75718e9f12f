namespace Repro.Core.Fingerprint;

/// <summary>
/// What the file system says about a file without reading it. While the key of a path stays the same, its content is
/// taken to be the same, which is what lets the <see cref="StatCache"/> skip re-reading unchanged files.
/// </summary>
/// <param name="Size">Size in bytes.</param>
/// <param name="MtimeTicks">Last write time, in 100 ns ticks since the Unix epoch.</param>
/// <param name="Inode">The inode number (0 where the platform does not expose one): a file replaced by another one changes it.</param>
/// <param name="CtimeTicks">Status change time, 100 ns ticks (0 where unavailable): catches a write that restored the old mtime.</param>
public readonly record struct FileStatKey(long Size, long MtimeTicks, long Inode, long CtimeTicks)
{
    /// <summary>The key of the file at <paramref name="path"/> (following symlinks); null if it is not a file.</summary>
    public static FileStatKey? Of(string path)
    {
        var stat = FileSystemStat.Stat(System.IO.Path.GetFullPath(path), followLinks: true);
        return stat.Kind == EntryKind.File ? stat.Key : null;
    }
}
