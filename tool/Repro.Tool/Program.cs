using Repro.Core;

namespace Repro.Tool;

/// <summary>Entry point of <c>dotnet repro</c>: the one place that turns outcomes into exit codes.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args) => await ReproCli.RunAsync(args, ToolContext.FromEnvironment());
}
