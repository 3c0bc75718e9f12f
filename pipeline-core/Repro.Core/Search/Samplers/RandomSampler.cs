namespace Repro.Core.Search.Samplers;

/// <summary>Draws every parameter independently and uniformly (in log space for log scales): the baseline every other sampler must beat.</summary>
public sealed class RandomSampler : ISampler
{
    public string Name => "random";

    public IReadOnlyDictionary<string, object>? Sample(SamplingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Space.Assign((parameter, _) => parameter.Distribution.Sample(context.Random));
    }
}
