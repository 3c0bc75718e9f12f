using System.CommandLine;

namespace Repro.Tool;

/// <summary>Options every verb accepts.</summary>
public static class GlobalOptions
{
    /// <summary><c>-v</c>: more detail on the console (debug logs); the run's log file is always complete.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Print more detail (debug logs) on the console.",
        Recursive = true,
    };

    /// <summary><c>--json</c>: one JSON document on stdout and nothing else there.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document on stdout and nothing else." };
}
