using System.Runtime.InteropServices;

namespace Repro.Bench.Search;

/// <summary>
/// CPU time of the calling thread (Linux), so overhead figures hold on a shared, loaded machine where wall time
/// mostly measures the other processes. Python's <c>time.thread_time()</c> reads the same clock.
/// </summary>
internal static partial class ThreadClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>Milliseconds of CPU this thread has used.</summary>
    public static double Milliseconds =>
        ClockGetTime(ClockThreadCpuTimeId, out var t) == 0 ? (t.Seconds * 1e3) + (t.Nanoseconds / 1e6) : double.NaN;
}
