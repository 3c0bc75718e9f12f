using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Repro.Core.Pipeline;

/// <summary>
/// Replaces <c>${a.b}</c> with parameter values (and <c>${item}</c>/<c>${key}</c> inside <c>foreach</c>/<c>matrix</c>).
/// A whole value <c>"${x}"</c> keeps the parameter's type; inside longer text the value is written as text.
/// <c>$${</c> stands for a literal <c>${</c>. Unknown names are collected as problems, never thrown one by one.
/// </summary>
public sealed class Interpolator(JsonObject parameters, IReadOnlyDictionary<string, JsonNode?> locals, List<Diagnostic> problems)
{
    private readonly IReadOnlyList<string> knownNames = [.. ParamTree.Names(parameters), .. locals.Keys];

    /// <summary>Parameter names read through interpolation so far (locals such as <c>item</c> excluded).</summary>
    public SortedSet<string> Used { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Interpolates <paramref name="text"/> as text. <paramref name="at"/> is where its first character is, so that a problem
    /// is reported at the column of its <c>${</c>; null reports nothing (the text was checked before).
    /// </summary>
    public string Text(string text, SourceLocation? at)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains('$', StringComparison.Ordinal))
            return text;
        var result = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                result.Append("${");
                i += 3;
                continue;
            }
            if (text[i] != '$' || i + 1 >= text.Length || text[i + 1] != '{')
            {
                result.Append(text[i++]);
                continue;
            }
            var end = text.IndexOf('}', i + 2);
            if (end < 0)
            {
                Report(at, i, PipelineErrors.UnclosedInterpolation);
                result.Append(text, i, text.Length - i);
                break;
            }
            var name = text[(i + 2)..end].Trim();
            if (name.Length == 0)
                Report(at, i, PipelineErrors.EmptyInterpolation);
            else if (Resolve(name, at, i) is var (found, value) && found)
            {
                if (ParamTree.AsText(value) is { } written)
                    result.Append(written);
                else
                    Report(at, i, l => PipelineErrors.NotTextual(l, name, value is JsonArray ? "list" : "mapping"));
            }
            i = end + 1;
        }
        return result.ToString();
    }

    /// <summary>A scalar value: <c>"${x}"</c> alone becomes x's value with its type; anything else is text.</summary>
    public JsonNode? Value(string text, SourceLocation? at)
    {
        var trimmed = text.Trim();
        if (
            trimmed.StartsWith("${", StringComparison.Ordinal)
            && trimmed.EndsWith('}')
            && trimmed.IndexOf('}', StringComparison.Ordinal) == trimmed.Length - 1
            && trimmed.Length > 3
        )
        {
            var (found, value) = Resolve(trimmed[2..^1].Trim(), at, text.IndexOf('$', StringComparison.Ordinal));
            return found ? value?.DeepClone() : null;
        }
        return JsonValue.Create(Text(text, at));
    }

    /// <summary>A YAML tree as JSON with every string interpolated; records where each value was written in <paramref name="locations"/>.</summary>
    public JsonNode? Yaml(string filePath, YamlNode node, string path, IDictionary<string, SourceLocation> locations)
    {
        locations.TryAdd(path, YamlValues.At(filePath, node));
        switch (node)
        {
            case YamlScalarNode scalar:
                var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
                var text = scalar.Value ?? "";
                return text.Contains("${", StringComparison.Ordinal)
                    ? Value(text, ContentStart(filePath, scalar))
                    : YamlValues.Scalar(text, plain);
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in sequence.Children)
                    array.Add(Yaml(filePath, item, $"{path}[{index++}]", locations));
                return array;
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? "";
                    obj[name] = Yaml(filePath, value, $"{path}.{name}", locations);
                }
                return obj;
            default:
                return null;
        }
    }

    /// <summary>Where a scalar's text starts: after its opening quote when it has one.</summary>
    public static SourceLocation ContentStart(string filePath, YamlScalarNode scalar)
    {
        var at = YamlValues.At(filePath, scalar);
        return scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? at with { Column = at.Column + 1 } : at;
    }

    private (bool Found, JsonNode? Value) Resolve(string name, SourceLocation? at, int offset)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? name : name[..dot];
        if (locals.TryGetValue(head, out var local))
        {
            if (dot < 0)
                return (true, local);
            if (ParamTree.TryGet(local, name[(dot + 1)..], out var inner))
                return (true, inner);
        }
        else if (ParamTree.TryGet(parameters, name, out var value))
        {
            Used.Add(name);
            return (true, value);
        }
        Report(at, offset, l => PipelineErrors.UnknownParameter(l, name, knownNames));
        return (false, null);
    }

    private void Report(SourceLocation? at, int offset, Func<SourceLocation, Diagnostic> diagnostic)
    {
        if (at is { } start)
            problems.Add(diagnostic(start with { Column = start.Column + offset }));
    }
}
