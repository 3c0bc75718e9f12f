namespace Repro.Core.Diff;

/// <summary>A stage's fingerprint and seed in A and B.</summary>
public sealed record StageChange(string Stage, string? FingerprintA, string? FingerprintB, long? SeedA, long? SeedB)
{
    public bool Changed => FingerprintA != FingerprintB || SeedA != SeedB;
}
