using System.Text.Json.Nodes;

namespace Repro.Core.Diff;

/// <summary>A parameter (or other value) as it is in experiment A and in B; null where it is absent.</summary>
public sealed record ValueChange(string Path, JsonNode? A, JsonNode? B)
{
    public bool Changed => !JsonNode.DeepEquals(A, B);
}
