using System.Diagnostics;
using System.Globalization;

namespace Repro.Core.Store;

/// <summary>
/// Exclusive ownership of a project's <c>.repro/</c> for one process: two <c>repro run</c> never write the cache, the
/// store or the workspace at the same time. It is an operating-system lock on <c>.repro/lock</c> (flock on Unix, a
/// share-none handle on Windows), so it is released on <see cref="Dispose"/> and also when the holder dies, even by
/// SIGKILL: there is no stale marker to clean up. The holder's pid is written to <c>.repro/lock.owner</c> for the message
/// a waiting process prints (the locked file itself cannot be read by another process).
/// </summary>
public sealed class ProjectLock : IDisposable
{
    /// <summary>The locked file's name inside <c>.repro/</c>.</summary>
    public const string LockFileName = "lock";

    /// <summary>The file holding the current owner's pid.</summary>
    public const string OwnerFileName = "lock.owner";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly FileStream _handle;

    private ProjectLock(FileStream handle, string lockPath)
    {
        _handle = handle;
        LockPath = lockPath;
    }

    /// <summary>The locked file.</summary>
    public string LockPath { get; }

    /// <summary>
    /// Takes the lock of the project whose <c>.repro</c> folder is <paramref name="reproDirPath"/>, waiting up to
    /// <paramref name="wait"/> for another process to release it.
    /// </summary>
    /// <exception cref="ReproException">Another process still holds it after <paramref name="wait"/>.</exception>
    public static ProjectLock Acquire(string reproDirPath, TimeSpan wait, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reproDirPath);
        Directory.CreateDirectory(reproDirPath);
        var lockPath = Path.GetFullPath(Path.Join(reproDirPath, LockFileName));
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (TryOpen(lockPath) is { } handle)
            {
                var owner = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
                // For a human with cat; .NET readers are kept out by the lock itself, hence the owner file too.
                handle.SetLength(0);
                handle.Write(System.Text.Encoding.UTF8.GetBytes(owner + "\n"));
                handle.Flush();
                File.WriteAllText(Path.Join(reproDirPath, OwnerFileName), owner + "\n");
                return new ProjectLock(handle, lockPath);
            }
            if (waited.Elapsed >= wait)
                throw Busy(reproDirPath, wait);
            ct.WaitHandle.WaitOne(PollInterval);
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _handle.Dispose();

    private static FileStream? TryOpen(string lockPath)
    {
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException)
        {
            // EWOULDBLOCK from flock (or a sharing violation on Windows): someone holds it.
            return null;
        }
    }

    private static ReproException Busy(string reproDirPath, TimeSpan wait)
    {
        string? pid = null;
        try
        {
            pid = File.ReadAllText(Path.Join(reproDirPath, OwnerFileName)).Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        var who = string.IsNullOrEmpty(pid) ? "another repro process" : $"another repro process (pid {pid})";
        return new ReproException(
            $"{who} holds the project lock '{Path.GetFullPath(Path.Join(reproDirPath, LockFileName))}'; waited {wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s",
            "wait for that run to finish (or stop it); the lock is released as soon as it exits, even if it crashed"
        );
    }
}
