namespace Repro.Tool;

/// <summary>What a command reads and writes besides its arguments: the streams, the folder, the clock.</summary>
/// <remarks>Injected so that tests run the whole command line in-process and read what a user would see.</remarks>
public sealed record ToolContext(TextWriter Out, TextWriter Error, string WorkingDirPath, TimeProvider Time)
{
    /// <summary>The real console, the current directory and the system clock.</summary>
    public static ToolContext FromEnvironment() => new(Console.Out, Console.Error, Directory.GetCurrentDirectory(), TimeProvider.System);
}
