using System.Diagnostics;
using Repro.Core.Store;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Store;

public class ProjectLockTests
{
    [Fact]
    public void A_second_acquirer_waits_then_fails_naming_the_holders_pid()
    {
        using var dir = TempDir.Create();
        var repro = dir.Resolve(".repro");
        using var first = ProjectLock.Acquire(repro, TimeSpan.Zero);
        var clock = Stopwatch.StartNew();

        var act = () => ProjectLock.Acquire(repro, TimeSpan.FromMilliseconds(400));

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Contain($"another repro process (pid {Environment.ProcessId}) holds the project lock")
            .And.Contain("waited 0.4 s");
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task A_waiting_acquirer_gets_the_lock_as_soon_as_the_holder_releases_it()
    {
        using var dir = TempDir.Create();
        var repro = dir.Resolve(".repro");
        var first = ProjectLock.Acquire(repro, TimeSpan.Zero);

        var second = Task.Run(() => ProjectLock.Acquire(repro, TimeSpan.FromSeconds(30)));
        await Task.Delay(200);
        second.IsCompleted.Should().BeFalse();
        first.Dispose();

        using var acquired = await second.WaitAsync(TimeSpan.FromSeconds(10));
        File.ReadAllText(dir.Resolve(".repro/lock.owner")).Trim().Should().Be(Environment.ProcessId.ToString());
    }

    [Fact]
    public async Task The_lock_of_a_process_killed_with_sigkill_is_free_at_once()
    {
        using var dir = TempDir.Create();
        var repro = dir.Resolve(".repro");
        Directory.CreateDirectory(repro);
        // util-linux flock(1) takes the same flock(2) lock .NET takes for FileShare.None.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", Path.Join(repro, "lock"), "sleep", "60"]))!;
        await WaitUntilAsync(() => Throws(() => ProjectLock.Acquire(repro, TimeSpan.Zero).Dispose()));

        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync();

        using var acquired = ProjectLock.Acquire(repro, TimeSpan.FromSeconds(5));
        acquired.LockPath.Should().Be(Path.Join(repro, "lock"));
    }

    private static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (ReproException)
        {
            return true;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "the child process should have taken the lock");
            await Task.Delay(20);
        }
    }
}
