using System.Text.Json.Nodes;

namespace Repro.Core.Pipeline;

/// <summary>Parses <c>--set name=value</c>; the value is typed by YAML's scalar rules (<c>0.01</c> is a number, <c>'0.01'</c> text).</summary>
public static class ParamOverrides
{
    public static IReadOnlyList<KeyValuePair<string, JsonNode?>> Parse(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = new List<KeyValuePair<string, JsonNode?>>();
        var problems = new List<Diagnostic>();
        foreach (var text in texts)
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add(PipelineErrors.BadOverride(text));
                continue;
            }
            result.Add(new(text[..equals].Trim(), ParseValue(text[(equals + 1)..])));
        }
        return problems.Count > 0 ? throw new ReproException(problems) : result;
    }

    /// <summary>One value as YAML reads it, so <c>[1, 2]</c> and <c>{a: 1}</c> work too.</summary>
    public static JsonNode? ParseValue(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && trimmed[0] is '[' or '{' or '\'' or '"')
        {
            try
            {
                var stream = new YamlDotNet.RepresentationModel.YamlStream();
                stream.Load(new StringReader(trimmed));
                if (stream.Documents.Count == 1)
                    return YamlValues.ToJson("--set", stream.Documents[0].RootNode, "", null);
            }
            catch (YamlDotNet.Core.YamlException)
            {
                // Not YAML after all: take it as the text it is.
            }
        }
        return YamlValues.Scalar(trimmed, plain: true);
    }
}
