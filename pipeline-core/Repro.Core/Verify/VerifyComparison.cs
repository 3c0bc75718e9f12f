using System.Globalization;
using Repro.Core.Lock;

namespace Repro.Core.Verify;

/// <summary>
/// Compares a re-run's lock with the committed one. Out hashes must be equal; a metric must be equal unless the
/// pipeline declares a tolerance for it (<c>metrics: [{path: m.json, tolerance: {acc: 0.002}}]</c>), then
/// |actual − expected| ≤ tolerance.
/// </summary>
public sealed record VerifyComparison(IReadOnlyList<VerifyCheck> Checks)
{
    public bool Passed => Checks.All(c => c.Outcome == VerifyOutcome.Match);

    public IEnumerable<VerifyCheck> Failures => Checks.Where(c => c.Outcome != VerifyOutcome.Match);

    /// <param name="expected">The committed repro.lock.</param>
    /// <param name="actual">The lock the re-run produced.</param>
    /// <param name="tolerances">Stage → metrics file → metric key → allowed absolute difference.</param>
    public static VerifyComparison Compare(
        LockFile expected,
        LockFile actual,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>> tolerances
    )
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(tolerances);
        var checks = new List<VerifyCheck>();
        foreach (var want in expected.Stages.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var got = actual.Find(want.Name);
            if (got is null)
            {
                checks.Add(new VerifyCheck(want.Name, "stage", want.Name, want.Fingerprint, null, null, VerifyOutcome.Missing));
                continue;
            }
            CompareOuts(want, got, checks);
            var stageTolerances = tolerances.GetValueOrDefault(want.Name);
            CompareMetrics(want, got, stageTolerances, checks);
        }
        foreach (var extra in actual.Stages.Where(s => expected.Find(s.Name) is null))
            checks.Add(new VerifyCheck(extra.Name, "stage", extra.Name, null, extra.Fingerprint, null, VerifyOutcome.New));
        return new VerifyComparison(checks);
    }

    private static void CompareOuts(StageLock want, StageLock got, List<VerifyCheck> checks)
    {
        var gotOuts = got.Outs.ToDictionary(o => o.Path, StringComparer.Ordinal);
        foreach (var out_ in want.Outs)
        {
            var actual = gotOuts.GetValueOrDefault(out_.Path);
            var outcome =
                actual is null ? VerifyOutcome.Missing
                : actual.Hash == out_.Hash ? VerifyOutcome.Match
                : VerifyOutcome.Drift;
            checks.Add(new VerifyCheck(want.Name, "out", out_.Path, out_.Hash, actual?.Hash, null, outcome));
        }
    }

    private static void CompareMetrics(
        StageLock want,
        StageLock got,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? tolerances,
        List<VerifyCheck> checks
    )
    {
        foreach (var (file, values) in want.Metrics)
        {
            var gotValues = got.Metrics.GetValueOrDefault(file);
            var fileTolerances = tolerances?.GetValueOrDefault(file);
            foreach (var (key, expected) in values)
            {
                var tolerance = fileTolerances is not null && fileTolerances.TryGetValue(key, out var t) ? t : (double?)null;
                double? actual = gotValues is not null && gotValues.TryGetValue(key, out var a) ? a : null;
                var outcome =
                    actual is not { } value ? VerifyOutcome.Missing
                    : Within(expected, value, tolerance) ? VerifyOutcome.Match
                    : VerifyOutcome.Drift;
                checks.Add(
                    new VerifyCheck(
                        want.Name,
                        "metric",
                        $"{file}:{key}",
                        Format(expected),
                        actual is { } v ? Format(v) : null,
                        tolerance,
                        outcome
                    )
                );
            }
        }
    }

    // Exact by default: on CPU the trainers are bit-reproducible, so any difference is news.
    private static bool Within(double expected, double actual, double? tolerance) =>
        tolerance is { } t ? Math.Abs(actual - expected) <= t : expected.Equals(actual);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
