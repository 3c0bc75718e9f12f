using System.Runtime.InteropServices;

namespace Repro.Core.Experiments;

/// <summary>
/// The machine facts recorded with every run (DESIGN.md §6), so <c>repro diff</c> can say "same params, other CPU".
/// Cheap to collect: no native library is loaded; the tool adds its own and TorchSharp's versions.
/// </summary>
public static class EnvironmentFacts
{
    /// <summary>OS, CPU model, core count, .NET and the given extra facts (tool, torchsharp, libtorch, device, ...).</summary>
    public static IReadOnlyDictionary<string, string> Collect(IReadOnlyDictionary<string, string>? extra = null)
    {
        var facts = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["os"] = RuntimeInformation.OSDescription,
            ["arch"] = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            ["cpu"] = CpuModel() ?? "unknown",
            ["cores"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
        };
        if (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is { Length: > 0 } tunables)
            facts["glibc_tunables"] = tunables;
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            facts[key] = value;
        return facts;
    }

    private static string? CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo))
            return null;
        foreach (var line in File.ReadLines(cpuInfo))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                return line[(colon + 1)..].Trim();
        }
        return null;
    }
}
