namespace Repro.Core.Search;

/// <summary>
/// The implementation version of <c>uses: search</c> in a stage's fingerprint (../shared/DESIGN.md §3, as a built-in
/// step's): a search stage's outputs depend on the points its sampler proposes, so a cache entry made by a sampler that
/// proposes other points for the same seed is not this stage's result.
/// </summary>
public static class SearchImplementation
{
    /// <summary>
    /// Bumped whenever a sampler proposes other points for the same study; SearchImplementationTests pins a digest
    /// of a seeded study's proposals per version, so a forgotten bump fails a test. 2: TPE's g(x) learns from the most
    /// recent 200 trials outside the good set, and joint densities keep the normalisation beyond 2 parameters.
    /// </summary>
    public const string Version = "2";
}
