using System.Globalization;
using System.Text;
using Repro.Core.Execution;

namespace Repro.Core.Search.Execution;

/// <summary>
/// The search stage's voice: every line goes to its log file; progress lines (trials done, running, pruned, best so far)
/// also go to the run's observer, which shows them live; each finished trial adds a point to the stage's metrics stream
/// (<c>{"step": n, "value": v, "best": b}</c>), so the search's run record holds the optimisation history.
/// </summary>
internal sealed class SearchLog : IAsyncDisposable
{
    private readonly System.Threading.Lock gate = new();
    private readonly StageInvocation invocation;
    private readonly StreamWriter file;

    public SearchLog(StageInvocation invocation)
    {
        this.invocation = invocation;
        Directory.CreateDirectory(Path.GetDirectoryName(invocation.LogPath)!);
        file = new StreamWriter(invocation.LogPath, append: true) { AutoFlush = true };
    }

    /// <summary>A line for the log only (a trial's own output).</summary>
    public void Quiet(string line)
    {
        lock (gate)
            file.WriteLine(line);
    }

    /// <summary>A line for the log and the console.</summary>
    public void Line(string line)
    {
        Quiet(line);
        invocation.Observer.StageOutput(invocation.Stage.Name, line, false);
    }

    public void Error(string line)
    {
        Quiet(line);
        invocation.Observer.StageOutput(invocation.Stage.Name, line, true);
    }

    /// <summary>Adds a finished trial to the search stage's metrics stream.</summary>
    public void TrialPoint(Trial trial, Trial? best)
    {
        var line = new StringBuilder("{\"step\": ").Append(trial.Number.ToString(CultureInfo.InvariantCulture));
        if (trial.Value is { } value && double.IsFinite(value))
            line.Append(", \"value\": ").Append(value.ToString("R", CultureInfo.InvariantCulture));
        if (best?.Value is { } b && double.IsFinite(b))
            line.Append(", \"best\": ").Append(b.ToString("R", CultureInfo.InvariantCulture));
        line.Append("}\n");
        lock (gate)
            File.AppendAllText(invocation.MetricsStreamPath, line.ToString());
    }

    /// <summary>The progress line: <c>tune: 7/30 done, 2 running, 3 pruned, 1 failed; best val_acc 0.912 (#4)</c>.</summary>
    public static string Progress(Study study, SearchStageOptions search, int running, bool final = false)
    {
        var trials = study.Trials;
        var done = SearchExecutor.Counted(trials);
        var pruned = trials.Count(t => t.State == TrialState.Pruned);
        var failed = trials.Count(t => t.State == TrialState.Failed && t.Message != SearchExecutor.InterruptedMessage);
        var best = StudyFiles.Best(trials, study.Direction);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{(final ? "finished: " : "")}{done}/{search.Trials} done");
        if (!final)
            text.Append(CultureInfo.InvariantCulture, $", {running} running");
        text.Append(CultureInfo.InvariantCulture, $", {pruned} pruned, {failed} failed; ");
        text.Append(
            best is null
                ? "no complete trial yet"
                : string.Create(CultureInfo.InvariantCulture, $"best {search.Metric} {best.Value!.Value:G6} (#{best.Number})")
        );
        return text.ToString();
    }

    /// <summary>
    /// The line for a result the study discarded: <c>#3: its result (complete, val_acc 0.91) is discarded: another worker had
    /// marked the trial failed by heartbeat timeout (its worker sent no heartbeat for 60 s ...)</c>.
    /// </summary>
    public static string Discarded(Trial stored, Trial result, string metric)
    {
        var outcome = result.State.ToString().ToLowerInvariant();
        if (result.Value is { } value)
            outcome += string.Create(CultureInfo.InvariantCulture, $", {metric} {value:G6}");
        else if (result.Message is { } message)
            outcome += $": {message}";
        return $"#{stored.Number}: its result ({outcome}) is discarded: another worker had marked the trial failed by heartbeat timeout ({stored.Message})";
    }

    /// <summary>
    /// What happened to the stage's study, when there is news: <c>space changed since study 'tune' (12 trials): a new study
    /// 'tune@2' starts; the previous one is kept as 'tune' (...)</c>. Null when the stage goes on with its only or latest study.
    /// </summary>
    public static string? StudyChosen(StudyChoice choice)
    {
        var name = choice.Study.Name;
        if (choice.Kind == StudyChoiceKind.Adopted && choice.Previous is null)
            return $"study '{name}' was created by an older Repro, which recorded no definition; its trials fit this search, so it goes on and now records it";
        if (choice.Previous is not { } previous)
            return null;
        var changes = previous.Changes.Count == 0 ? "the definition" : StudyDefinition.Words(previous.Changes);
        var since = string.Create(
            CultureInfo.InvariantCulture,
            $"{changes} changed since study '{previous.Name}' ({previous.FinishedTrials} trial{(previous.FinishedTrials == 1 ? "" : "s")})"
        );
        return choice.Kind == StudyChoiceKind.Created
            ? $"{since}: a new study '{name}' starts; the previous one is kept as '{previous.Name}' "
                + $"('dotnet repro search show {previous.Name}' shows it, 'dotnet repro search rm {previous.Name}' drops it)"
            : $"{since}: study '{name}' has this definition, so it goes on; '{previous.Name}' is kept";
    }

    public async ValueTask DisposeAsync() => await file.DisposeAsync();
}
