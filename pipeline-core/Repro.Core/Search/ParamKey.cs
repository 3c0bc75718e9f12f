using Repro.Core.Search.SearchSpace;

namespace Repro.Core.Search;

/// <summary>A canonical text for a point, so two points compare equal exactly when every value does (1 and 1.0 alike).</summary>
internal static class ParamKey
{
    public static string Of(IReadOnlyDictionary<string, object> parameters) =>
        string.Join(
            '\u001f',
            parameters
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p =>
                    p.Key
                    + "="
                    + (
                        p.Value is long l
                            ? ((double)l).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                            : CategoricalDistribution.Format(p.Value)
                    )
                )
        );
}
