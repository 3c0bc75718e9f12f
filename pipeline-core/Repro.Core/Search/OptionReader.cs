using System.Text.Json;
using System.Text.Json.Nodes;

namespace Repro.Core.Search;

/// <summary>
/// Reads <c>name</c> or <c>{type: name, option: value, ...}</c> (a sampler or pruner in <c>with:</c>), collecting
/// problems: unknown options and values of the wrong kind.
/// </summary>
internal sealed class OptionReader
{
    private readonly JsonObject options;
    private readonly string path;
    private readonly IReadOnlyDictionary<string, SourceLocation> locations;
    private readonly HashSet<string> read = new(StringComparer.Ordinal) { "type" };

    public OptionReader(JsonNode? node, string path, IReadOnlyDictionary<string, SourceLocation>? locations, List<Diagnostic> problems)
    {
        this.path = path;
        this.locations = locations ?? new Dictionary<string, SourceLocation>();
        Problems = problems;
        options = node as JsonObject ?? [];
        Type = node switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonObject o when o["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String => t.GetValue<string>(),
            _ => null,
        };
    }

    public List<Diagnostic> Problems { get; }

    /// <summary>The name, or null when none was given.</summary>
    public string? Type { get; }

    public SourceLocation? Location => At(path);

    public SourceLocation? At(string subPath) => locations.TryGetValue(subPath, out var at) ? at : null;

    public int? Int(string key, int min)
    {
        read.Add(key);
        if (options[key] is not { } node)
            return null;
        if (WholeNumber(node) is { } i && i >= min && i <= int.MaxValue)
            return (int)i;
        Problems.Add(SearchErrors.BadOption(At($"{path}.{key}") ?? Location, key, $"a whole number of at least {min}"));
        return null;
    }

    public double? Double(string key, double min, double max)
    {
        read.Add(key);
        if (options[key] is not { } node)
            return null;
        if (
            node is JsonValue v
            && (
                v.TryGetValue<double>(out var d)
                || (WholeNumber(v) is { } whole && (d = whole) == whole)
                || (v.TryGetValue<string>(out var s) && double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out d))
            )
            && d >= min
            && d <= max
        )
            return d;
        Problems.Add(SearchErrors.BadOption(At($"{path}.{key}") ?? Location, key, $"a number between {min} and {max}"));
        return null;
    }

    public bool? Bool(string key)
    {
        read.Add(key);
        if (options[key] is not { } node)
            return null;
        if (node is JsonValue v && (v.TryGetValue<bool>(out var b) || (v.TryGetValue<string>(out var s) && bool.TryParse(s, out b))))
            return b;
        Problems.Add(SearchErrors.BadOption(At($"{path}.{key}") ?? Location, key, "true or false"));
        return null;
    }

    /// <summary>A whole number however the YAML reader typed it (long, int, an integral double or decimal, or text).</summary>
    public static long? WholeNumber(JsonNode? node)
    {
        if (node is not JsonValue v)
            return null;
        if (v.TryGetValue<long>(out var l))
            return l;
        if (v.TryGetValue<int>(out var i))
            return i;
        if (v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
            return (long)d;
        if (v.TryGetValue<decimal>(out var m) && m == decimal.Floor(m))
            return (long)m;
        return
            v.TryGetValue<string>(out var text)
            && long.TryParse(
                text,
                System.Globalization.NumberStyles.Integer,
                System.Globalization.CultureInfo.InvariantCulture,
                out var parsed
            )
            ? parsed
            : null;
    }

    /// <summary>Reports every option that no reader asked for (call last).</summary>
    public void RejectUnknown(string owner)
    {
        foreach (var (key, _) in options)
            if (!read.Contains(key))
                Problems.Add(SearchErrors.UnknownOption(At($"{path}.{key}") ?? Location, owner, key, read.Where(k => k != "type").Order()));
    }
}
