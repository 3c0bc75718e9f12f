namespace Repro.Tool;

/// <summary>
/// How to start this tool again as a child (for <c>exec-step</c>): the apphost itself, or <c>dotnet dotnet-repro.dll</c> when
/// the tool runs under the <c>dotnet</c> host (a global tool, <c>dotnet run</c>, tests).
/// </summary>
public static class SelfCommand
{
    public static IReadOnlyList<string> Resolve()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet-repro")
            return [process];
        // typeof(...).Assembly, not the entry assembly: under a test host the entry assembly is the host's.
        var assembly = typeof(SelfCommand).Assembly.Location;
        var host =
            process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath
            : "dotnet";
        return [host, assembly];
    }
}
