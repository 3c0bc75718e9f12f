namespace Repro.Core.Search.Samplers;

/// <summary>What a sampler sees when it proposes the point of trial <paramref name="Number"/>.</summary>
/// <param name="Space">The searched parameters.</param>
/// <param name="Direction">Whether smaller or larger objective values are better.</param>
/// <param name="Trials">Every other trial of the study, by number: finished ones and running ones with their points.</param>
/// <param name="Number">The number of the trial being sampled.</param>
/// <param name="Random">The trial's own generator, derived from the study seed and the trial number: the only randomness a sampler may use.</param>
public sealed record SamplingContext(
    SearchSpace.SearchSpace Space,
    StudyDirection Direction,
    IReadOnlyList<Trial> Trials,
    int Number,
    Random Random
);
