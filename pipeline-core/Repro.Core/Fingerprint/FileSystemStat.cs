using System.Runtime.InteropServices;

namespace Repro.Core.Fingerprint;

/// <summary>The kind of a directory entry.</summary>
internal enum EntryKind
{
    Missing,
    File,
    Directory,
    Symlink,
    Other,
}

/// <summary>One stat of a path: its kind, its <see cref="FileStatKey"/> and its executable bit.</summary>
internal readonly record struct StatInfo(EntryKind Kind, FileStatKey Key, bool IsExecutable);

/// <summary>
/// stat(2) through statx, which .NET does not expose: it gives the inode and ctime that make the stat cache safe, in one
/// system call. Falls back to <see cref="FileInfo"/> (no inode, no ctime) where statx is unavailable.
/// </summary>
internal static partial class FileSystemStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int SIfMt = 0xF000;
    private const int SIfReg = 0x8000;
    private const int SIfDir = 0x4000;
    private const int SIfLnk = 0xA000;
    private const int Enoent = 2;
    private const int Enotdir = 20;

    private static bool _statxWorks = OperatingSystem.IsLinux();

    /// <summary>Stats <paramref name="path"/>; <paramref name="followLinks"/> false reports a symlink itself.</summary>
    public static StatInfo Stat(string path, bool followLinks)
    {
        if (_statxWorks)
        {
            try
            {
                var buffer = new StatxBuffer();
                if (Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, ref buffer) == 0)
                    return FromStatx(in buffer);
                var errno = Marshal.GetLastPInvokeError();
                if (errno is Enoent or Enotdir)
                    return new StatInfo(EntryKind.Missing, default, false);
                // ENOSYS (old kernel, seccomp) or anything odd: the managed path is always right, if slower.
                _statxWorks = errno is not (38 or 1);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                _statxWorks = false;
            }
        }
        return StatManaged(path, followLinks);
    }

    private static StatInfo FromStatx(in StatxBuffer b)
    {
        var kind = (b.Mode & SIfMt) switch
        {
            SIfReg => EntryKind.File,
            SIfDir => EntryKind.Directory,
            SIfLnk => EntryKind.Symlink,
            _ => EntryKind.Other,
        };
        var key = new FileStatKey(
            (long)b.Size,
            b.MtimeSec * 10_000_000 + b.MtimeNsec / 100,
            (long)b.Ino,
            b.CtimeSec * 10_000_000 + b.CtimeNsec / 100
        );
        return new StatInfo(kind, key, (b.Mode & 0x40) != 0);
    }

    private static StatInfo StatManaged(string path, bool followLinks)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null)
            return new StatInfo(EntryKind.Missing, default, false);
        if (info.LinkTarget is not null)
        {
            if (!followLinks)
                return new StatInfo(EntryKind.Symlink, default, false);
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !target.Exists)
                return new StatInfo(EntryKind.Missing, default, false);
            info = target;
        }
        if (info is DirectoryInfo)
            return new StatInfo(EntryKind.Directory, default, false);
        var file = (FileInfo)info;
        var mtime = file.LastWriteTimeUtc.Ticks - DateTime.UnixEpoch.Ticks;
        var executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(file.FullName) & UnixFileMode.UserExecute) != 0;
        return new StatInfo(EntryKind.File, new FileStatKey(file.Length, mtime, 0, 0), executable);
    }

    /// <summary>
    /// The canonical absolute path of an existing <paramref name="path"/>, every symlink resolved (realpath(3)); where that
    /// is unavailable, the link targets .NET can resolve.
    /// </summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                var resolved = RealPathNative(full, 0);
                if (resolved != 0)
                {
                    try
                    {
                        return Marshal.PtrToStringUTF8(resolved)!;
                    }
                    finally
                    {
                        Free(resolved);
                    }
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { }
        }
        FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPathNative(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, ref StatxBuffer buffer);

    /// <summary>struct statx from linux/stat.h: a fixed 256-byte layout on every architecture.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Ino;

        [FieldOffset(40)]
        public ulong Size;

        [FieldOffset(96)]
        public long CtimeSec;

        [FieldOffset(104)]
        public uint CtimeNsec;

        [FieldOffset(112)]
        public long MtimeSec;

        [FieldOffset(120)]
        public uint MtimeNsec;
    }
}
