using System.Globalization;
using System.Text.Json;
using Repro.Core.Store;

namespace Repro.Core.Experiments;

/// <summary>
/// Tells the runs a search made (its trials, <c>tune#3</c>, and its upstream run, <c>tune#upstream</c>) from a user's own
/// runs, by the <c>run_kind</c> fact the run recorder writes (issue #7: <c>exp list</c> shows the user's runs first).
/// </summary>
public static class SearchRuns
{
    /// <summary>The <c>run_kind</c> of a trial's run (<c>RunOptions.Kind</c> in the search's trial runner).</summary>
    public const string TrialKind = "trial";

    /// <summary>The <c>run_kind</c> of the run of a search's upstream stages.</summary>
    public const string UpstreamKind = "search-upstream";

    private const string KindFact = "run_kind";

    /// <summary>The run's <c>run_kind</c>: <see cref="TrialKind"/>, <see cref="UpstreamKind"/>, or null for a user's own run.</summary>
    public static string? KindOf(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (string.IsNullOrWhiteSpace(run.EnvironmentJson))
            return null;
        try
        {
            using var document = JsonDocument.Parse(run.EnvironmentJson);
            return
                document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(KindFact, out var kind)
                && kind.ValueKind == JsonValueKind.String
                ? kind.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether a search made the run: one of its trials or its upstream run.</summary>
    public static bool IsSearchRun(RunRecord run) => IsSearchKind(KindOf(run));

    /// <summary>Whether a run of this <c>run_kind</c> was made by a search.</summary>
    public static bool IsSearchKind(string? kind) => kind is TrialKind or UpstreamKind;

    /// <summary>The study and number of a trial's run, named <c>study#number</c>; false for any other run.</summary>
    public static bool TryGetTrial(RunRecord run, out string study, out int number)
    {
        ArgumentNullException.ThrowIfNull(run);
        return TryGetTrial(run, KindOf(run), out study, out number);
    }

    /// <summary>As <see cref="TryGetTrial(RunRecord, out string, out int)"/>, for a run whose kind is known.</summary>
    public static bool TryGetTrial(RunRecord run, string? kind, out string study, out int number)
    {
        ArgumentNullException.ThrowIfNull(run);
        study = "";
        number = -1;
        var hash = run.Name.LastIndexOf('#');
        if (
            hash <= 0
            || kind != TrialKind
            || !int.TryParse(run.Name.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out number)
        )
            return false;
        study = run.Name[..hash];
        return true;
    }

    /// <summary>Every run in <paramref name="store"/> with its <c>run_kind</c>, newest first.</summary>
    public static IReadOnlyList<(RunRecord Run, string? Kind)> ListWithKinds(RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ListRunsWithFact(KindFact);
    }

    /// <summary>The runs of <paramref name="study"/>'s trials in <paramref name="store"/>, with their trial numbers, newest first.</summary>
    public static IReadOnlyList<(RunRecord Run, int Number)> TrialRunsOf(RunStore store, string study)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(study);
        return
        [
            .. store
                .FindRunsWithFact(study + "#", KindFact, TrialKind)
                .Select(run => (Run: run, Found: TryGetTrial(run, TrialKind, out var of, out var number) && of == study, Number: number))
                .Where(r => r.Found)
                .Select(r => (r.Run, r.Number)),
        ];
    }
}
