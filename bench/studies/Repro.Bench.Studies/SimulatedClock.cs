namespace Repro.Bench.Studies;

/// <summary>A clock that moves only when told: trials that "train" for hours are written in seconds, with their real times.</summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
