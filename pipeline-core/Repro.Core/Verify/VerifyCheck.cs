namespace Repro.Core.Verify;

/// <summary>What one check of <c>repro verify</c> found.</summary>
public enum VerifyOutcome
{
    /// <summary>Equal, or within the declared tolerance.</summary>
    Match,

    /// <summary>Different beyond the tolerance (or a different out hash).</summary>
    Drift,

    /// <summary>In repro.lock but not produced by the re-run.</summary>
    Missing,

    /// <summary>Produced by the re-run but not in repro.lock.</summary>
    New,
}

/// <summary>One compared value: an out's hash or a metric, expected (repro.lock) against actual (the re-run).</summary>
public sealed record VerifyCheck(
    string Stage,
    string Kind,
    string Path,
    string? Expected,
    string? Actual,
    double? Tolerance,
    VerifyOutcome Outcome
);
