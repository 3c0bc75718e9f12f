using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Pipeline;
using YamlDotNet.RepresentationModel;

namespace Repro.Core.Execution;

/// <summary>Reads metrics: final values from a stage's metrics files, and per-step values from its metrics stream.</summary>
public static class MetricsReader
{
    /// <summary>
    /// The numbers in a JSON or YAML metrics file, nested keys flattened with dots (<c>{"val": {"acc": 0.9}}</c> gives
    /// <c>val.acc</c>); booleans count as 0 and 1; text and lists are not metrics and are left out.
    /// </summary>
    public static IReadOnlyDictionary<string, double> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        JsonNode? root;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
                stream.Load(reader);
            root = stream.Documents.Count == 0 ? null : YamlValues.ToJson(path, stream.Documents[0].RootNode, "", null);
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return metrics;
        }
        Flatten(root, "", metrics);
        return metrics;
    }

    /// <summary>One line of <c>REPRO_METRICS_STREAM</c>: <c>{"step": 3, "loss": 0.4, ...}</c>; null when it is not one.</summary>
    public static (long Step, IReadOnlyDictionary<string, double> Values)? ParseStreamLine(string line)
    {
        try
        {
            if (
                JsonNode.Parse(line) is not JsonObject obj
                || obj["step"] is not JsonValue stepValue
                || !stepValue.TryGetValue<long>(out var step)
            )
                return null;
            obj.Remove("step");
            var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
            Flatten(obj, "", values);
            return (step, values);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Flatten(JsonNode? node, string prefix, IDictionary<string, double> metrics)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                    Flatten(value, prefix.Length == 0 ? key : $"{prefix}.{key}", metrics);
                break;
            case JsonValue value when prefix.Length > 0:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.Number:
                        metrics[prefix] = value.TryGetValue<double>(out var d)
                            ? d
                            : Convert.ToDouble(value.GetValue<long>(), CultureInfo.InvariantCulture);
                        break;
                    case JsonValueKind.True:
                        metrics[prefix] = 1;
                        break;
                    case JsonValueKind.False:
                        metrics[prefix] = 0;
                        break;
                }
                break;
        }
    }
}
