using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Repro.Core.Pipeline;

/// <summary>Turns YAML nodes into JSON values with YAML's scalar typing, and describes nodes for error messages.</summary>
public static partial class YamlValues
{
    /// <summary>Where <paramref name="node"/> starts in <paramref name="filePath"/>.</summary>
    public static SourceLocation At(string filePath, YamlNode node) => new(filePath, (int)node.Start.Line, (int)node.Start.Column);

    /// <summary>
    /// The value of a scalar as YAML's core schema types it: a plain <c>0.1</c> is a number, <c>true</c> a boolean,
    /// <c>~</c> or <c>null</c> nothing; anything quoted stays text.
    /// </summary>
    public static JsonNode? Scalar(string text, bool plain)
    {
        if (!plain)
            return JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf":
                return JsonValue.Create(double.PositiveInfinity);
            case "-.inf" or "-.Inf" or "-.INF":
                return JsonValue.Create(double.NegativeInfinity);
            case ".nan" or ".NaN" or ".NAN":
                return JsonValue.Create(double.NaN);
        }
        if (
            IntegerPattern().IsMatch(text)
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
        )
            return JsonValue.Create(integer);
        if (
            text.StartsWith("0x", StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)
        )
            return JsonValue.Create(hex);
        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return JsonValue.Create(number);
        return JsonValue.Create(text);
    }

    /// <summary>The whole node as JSON; <paramref name="locations"/> receives where every value was written, by dotted path.</summary>
    public static JsonNode? ToJson(string filePath, YamlNode node, string path, IDictionary<string, SourceLocation>? locations)
    {
        locations?.TryAdd(path, At(filePath, node));
        switch (node)
        {
            case YamlScalarNode scalar:
                return Scalar(scalar.Value ?? "", scalar.Style is ScalarStyle.Plain or ScalarStyle.Any);
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in sequence.Children)
                    array.Add(ToJson(filePath, item, $"{path}[{index++}]", locations));
                return array;
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? key.ToString();
                    obj[name] = ToJson(filePath, value, path.Length == 0 ? name : $"{path}.{name}", locations);
                }
                return obj;
            default:
                return null;
        }
    }

    /// <summary>How an error message names what it found: <c>a list</c>, <c>a mapping</c>, <c>'abc'</c>.</summary>
    public static string Describe(YamlNode node) =>
        node switch
        {
            YamlSequenceNode => "a list",
            YamlMappingNode => "a mapping",
            YamlScalarNode { Value: null or "" } => "nothing",
            YamlScalarNode scalar => $"'{scalar.Value}'",
            _ => "an alias",
        };

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
