using System.Globalization;

namespace Repro.Core.Execution;

/// <summary>
/// What the engine writes into a running stage's control file (<c>REPRO_CONTROL</c>), and how it is read. One message at a
/// time, always replaced whole (written aside, then renamed over), so a reader never sees half of one:
/// <list type="bullet">
/// <item><c>prune</c>: a search pruned the trial; end after this epoch.</item>
/// <item><c>stop</c>: end at the next safe point, keeping the last checkpoint.</item>
/// <item><c>continue N</c>: the engine has judged every step up to N and the stage goes on.</item>
/// </list>
/// When <c>REPRO_CONTROL_AWAIT</c> is set (a search trial judged by a pruner), a trainer waits after each step for a verdict
/// on that step, at most that many seconds, so the same study prunes at the same epochs however fast the machine is. Anything
/// else in the file, or no file, means carry on.
/// </summary>
public static class ControlMessage
{
    /// <summary>The environment variable naming the control file.</summary>
    public const string PathVariable = "REPRO_CONTROL";

    /// <summary>The environment variable giving how long, in seconds, a trainer waits for a verdict on each step.</summary>
    public const string AwaitVariable = "REPRO_CONTROL_AWAIT";

    public const string Prune = "prune";

    public const string Stop = "stop";

    private const string ContinuePrefix = "continue ";

    /// <summary>The message that lets a waiting trainer go on past <paramref name="step"/>.</summary>
    public static string Continue(long step) => ContinuePrefix + step.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>prune</c> or <c>stop</c> when <paramref name="text"/> asks the stage to end, else null.</summary>
    public static string? EndWord(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var word = text.Trim().ToLowerInvariant();
        return word is Prune or Stop ? word : null;
    }

    /// <summary>The step a <c>continue N</c> message lets the stage go past, else null.</summary>
    public static long? ContinuedStep(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        return
            trimmed.StartsWith(ContinuePrefix, StringComparison.OrdinalIgnoreCase)
            && long.TryParse(trimmed.AsSpan(ContinuePrefix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var step)
            ? step
            : null;
    }

    /// <summary>The file's text, or null when it is not there (not written yet, or being replaced right now).</summary>
    public static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        // IOException covers a missing file or folder too.
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Replaces the file's message with <paramref name="message"/>: written aside, then renamed over it.</summary>
    public static async Task WriteAsync(string path, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, message + "\n", cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
