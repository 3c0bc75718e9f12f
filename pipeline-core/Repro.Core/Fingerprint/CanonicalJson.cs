using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Repro.Core.Fingerprint;

/// <summary>
/// One byte sequence per value: object keys sorted ordinally, no whitespace, numbers as System.Text.Json writes them.
/// Fingerprints hash this, so two files that differ only in key order or layout fingerprint the same.
/// </summary>
public static class CanonicalJson
{
    public static string Write(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (
            var writer = new Utf8JsonWriter(
                stream,
                new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
            )
        )
            Write(writer, node);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                    Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue<double>(out var number) && !double.IsFinite(number):
                // YAML's .nan and .inf have no JSON number: their names, so a pipeline holding one still loads and a
                // step can say what it expected instead.
                writer.WriteStringValue(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
