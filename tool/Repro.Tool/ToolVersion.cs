using System.Reflection;

namespace Repro.Tool;

/// <summary>The tool's own version, as printed by <c>--version</c> and recorded in every run.</summary>
public static class ToolVersion
{
    public static string Current { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
