namespace Repro.Training.Reporting;

/// <summary>
/// The file the engine writes <c>prune</c> or <c>stop</c> into while a step runs (<c>REPRO_CONTROL</c>). Trainers check it
/// after each epoch. A missing file, or one with anything else in it, means carry on.
/// </summary>
public sealed class ControlFile(string? path)
{
    /// <summary>The environment variable naming the file for custom (<c>run:</c>) trainers.</summary>
    public const string EnvironmentVariable = "REPRO_CONTROL";

    /// <summary>The file's path, or <c>null</c> when the engine gave none.</summary>
    public string? Path { get; } = string.IsNullOrEmpty(path) ? null : path;

    /// <summary>The request's control file, else <c>REPRO_CONTROL</c>.</summary>
    public static ControlFile FromRequest(Repro.Core.Steps.StepRequest? request) =>
        new(request?.ControlPath ?? Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>What the file asks for now.</summary>
    public ControlCommand Read()
    {
        if (Path is null)
            return ControlCommand.None;
        string text;
        try
        {
            text = File.ReadAllText(Path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            // Not written yet, or being replaced right now: ask again next epoch.
            return ControlCommand.None;
        }
        return text.Trim().ToLowerInvariant() switch
        {
            "prune" => ControlCommand.Prune,
            "stop" => ControlCommand.Stop,
            _ => ControlCommand.None,
        };
    }
}
