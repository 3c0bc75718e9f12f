using System.Globalization;

namespace Repro.Tool.Rendering;

/// <summary>Human-readable sizes and durations for progress lines and summaries.</summary>
public static class Sizes
{
    public static string Bytes(long bytes) =>
        bytes switch
        {
            >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
            >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
            >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.0} KiB"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        };

    public static string Duration(TimeSpan duration) =>
        duration.TotalSeconds >= 60
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}m{duration.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0}s");
}
