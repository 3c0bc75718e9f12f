using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Repro.Core.Steps;

/// <summary>
/// Typed reading of a step's <c>with:</c> arguments that reports every problem at the key's position in pipeline.yaml
/// and remembers every value it handed out, defaults included, so the step can record its resolved hyperparameters.
/// </summary>
/// <remarks>
/// <para>
/// Getters never throw for user mistakes: a missing or malformed value is recorded as a problem and the getter returns the
/// default (or <c>default</c>), so one pass over the arguments finds every mistake. Read every argument first, then call
/// <see cref="ThrowIfInvalid"/> before using any of them; it also reports keys nobody read (a typo like <c>epoch:</c>)
/// with a "did you mean" hint drawn from the keys that were read.
/// </para>
/// <para>
/// Positions come from <see cref="StepRequest.Locations"/>: <c>with.model.type</c> for a key, <c>with.channels[1]</c>
/// for a list item. A key with no position of its own is reported at its nearest ancestor that has one.
/// </para>
/// </remarks>
public sealed class StepArguments
{
    private readonly JsonObject values;
    private readonly string path;
    private readonly Shared shared;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    /// <summary>The <c>with:</c> arguments of <paramref name="request"/>.</summary>
    public StepArguments(StepRequest request)
        : this((request ?? throw new ArgumentNullException(nameof(request))).With, request.Locations) { }

    /// <summary>Arguments <paramref name="with"/>, positioned by <paramref name="locations"/> (keys start with <c>with.</c>).</summary>
    public StepArguments(JsonObject with, IReadOnlyDictionary<string, SourceLocation>? locations = null)
        : this(
            with ?? throw new ArgumentNullException(nameof(with)),
            "with",
            new Shared(locations ?? new Dictionary<string, SourceLocation>())
        ) { }

    private StepArguments(JsonObject values, string path, Shared shared)
    {
        this.values = values;
        this.path = path;
        this.shared = shared;
        shared.Sections.Add(this);
    }

    /// <summary>This section's dotted path: <c>with</c>, <c>with.model</c>, ...</summary>
    public string Path => path;

    /// <summary>
    /// Every value read so far from this argument tree, defaults the user did not write included, keyed by its path below
    /// <c>with</c> (<c>epochs</c>, <c>model.type</c>). Values are strings, ints, doubles, bools, lists or <c>null</c>.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Resolved => shared.Resolved;

    /// <summary>The problems found so far, in file order.</summary>
    public IReadOnlyList<Diagnostic> Problems => Sorted(shared.Problems);

    /// <summary>Whether the user wrote <paramref name="name"/> (with a non-null value). Counts as reading the key.</summary>
    public bool Has(string name)
    {
        read.Add(name);
        return values[name] is not null;
    }

    /// <summary>A required string.</summary>
    public string GetString(string name) => Read(name, required: true, "", ParseString, "expected a string");

    /// <summary>A string, <paramref name="defaultValue"/> when absent.</summary>
    public string GetString(string name, string defaultValue) =>
        Read(name, required: false, defaultValue, ParseString, "expected a string");

    /// <summary>A string, <c>null</c> when absent.</summary>
    public string? GetOptionalString(string name) => Read<string?>(name, required: false, null, n => ParseString(n), "expected a string");

    /// <summary>A required integer, within <paramref name="min"/> and <paramref name="max"/> (inclusive) when given.</summary>
    public int GetInt(string name, int? min = null, int? max = null) =>
        Read(name, required: true, 0, n => ParseInt(n, min, max), ExpectedInt(min, max));

    /// <summary>An integer, <paramref name="defaultValue"/> when absent.</summary>
    public int GetInt(string name, int defaultValue, int? min = null, int? max = null) =>
        Read(name, required: false, defaultValue, n => ParseInt(n, min, max), ExpectedInt(min, max));

    /// <summary>An integer, <c>null</c> when absent.</summary>
    public int? GetOptionalInt(string name, int? min = null, int? max = null) =>
        Read<int?>(
            name,
            required: false,
            null,
            n => ParseInt(n, min, max) is { Ok: true } r ? (true, r.Value) : (false, null),
            ExpectedInt(min, max)
        );

    /// <summary>A required number within the given bounds (inclusive unless marked exclusive).</summary>
    public double GetDouble(string name, NumberRange? range = null) =>
        Read(name, required: true, 0d, n => ParseDouble(n, range), ExpectedDouble(range));

    /// <summary>A number, <paramref name="defaultValue"/> when absent.</summary>
    public double GetDouble(string name, double defaultValue, NumberRange? range = null) =>
        Read(name, required: false, defaultValue, n => ParseDouble(n, range), ExpectedDouble(range));

    /// <summary>A number, <c>null</c> when absent.</summary>
    public double? GetOptionalDouble(string name, NumberRange? range = null) =>
        Read<double?>(
            name,
            required: false,
            null,
            n => ParseDouble(n, range) is { Ok: true } r ? (true, r.Value) : (false, null),
            ExpectedDouble(range)
        );

    /// <summary>A required boolean.</summary>
    public bool GetBool(string name) => Read(name, required: true, false, ParseBool, "expected true or false");

    /// <summary>A boolean, <paramref name="defaultValue"/> when absent.</summary>
    public bool GetBool(string name, bool defaultValue) => Read(name, required: false, defaultValue, ParseBool, "expected true or false");

    /// <summary>
    /// A required choice among <paramref name="allowed"/>; <paramref name="what"/> names it in messages
    /// ("unknown model 'cnnn'; expected one of cnn, lstm").
    /// </summary>
    public string GetEnum(string name, IReadOnlyList<string> allowed, string? what = null) =>
        ReadEnum(name, allowed, required: true, null, what) ?? "";

    /// <summary>A choice among <paramref name="allowed"/>, <paramref name="defaultValue"/> when absent.</summary>
    public string GetEnum(string name, IReadOnlyList<string> allowed, string defaultValue, string? what) =>
        ReadEnum(name, allowed, required: false, defaultValue, what) ?? defaultValue;

    /// <summary>A required list of integers (a single integer is a list of one), each within the bounds.</summary>
    public IReadOnlyList<int> GetIntList(string name, int? min = null, int? max = null) =>
        Read<IReadOnlyList<int>>(
            name,
            required: true,
            [],
            n => ParseList(n, e => ParseInt(e, min, max)),
            ExpectedList(ExpectedInt(min, max))
        );

    /// <summary>A list of integers, <paramref name="defaultValue"/> when absent.</summary>
    public IReadOnlyList<int> GetIntList(string name, IReadOnlyList<int> defaultValue, int? min = null, int? max = null) =>
        Read(name, required: false, defaultValue, n => ParseList(n, e => ParseInt(e, min, max)), ExpectedList(ExpectedInt(min, max)));

    /// <summary>A list of numbers, <paramref name="defaultValue"/> when absent.</summary>
    public IReadOnlyList<double> GetDoubleList(string name, IReadOnlyList<double> defaultValue, NumberRange? range = null) =>
        Read(name, required: false, defaultValue, n => ParseList(n, e => ParseDouble(e, range)), ExpectedList(ExpectedDouble(range)));

    /// <summary>A list of strings (a single string is a list of one), <paramref name="defaultValue"/> when absent.</summary>
    public IReadOnlyList<string> GetStringList(string name, IReadOnlyList<string> defaultValue) =>
        Read(name, required: false, defaultValue, n => ParseList(n, ParseString), "expected a list of strings");

    /// <summary>
    /// A required nested mapping. With <paramref name="shorthandKey"/>, a plain string stands for a mapping of that one key
    /// (<c>model: cnn</c> reads as <c>model: {type: cnn}</c>). A missing or malformed section is a problem and yields an empty one.
    /// </summary>
    public StepArguments GetSection(string name, string? shorthandKey = null) =>
        ReadSection(name, shorthandKey, required: true) ?? new StepArguments([], $"{path}.{name}", shared);

    /// <summary>A nested mapping, or <c>null</c> when absent (see <see cref="GetSection"/>).</summary>
    public StepArguments? GetOptionalSection(string name, string? shorthandKey = null) => ReadSection(name, shorthandKey, required: false);

    /// <summary>Where <paramref name="name"/> (or, failing that, this section or its nearest ancestor) was written.</summary>
    public SourceLocation? LocationOf(string? name = null) => shared.Locate(name is null ? path : $"{path}.{name}");

    /// <summary>Records a problem the step found itself (for example two keys that contradict each other).</summary>
    public void Report(Diagnostic problem) => shared.Problems.Add(problem ?? throw new ArgumentNullException(nameof(problem)));

    /// <summary>Every problem found, plus every key that was written but never read, in file order.</summary>
    public IReadOnlyList<Diagnostic> AllProblems()
    {
        var problems = new List<Diagnostic>(shared.Problems);
        foreach (var section in shared.Sections)
            problems.AddRange(section.UnknownKeys());
        return Sorted(problems);
    }

    /// <summary>Throws <see cref="AllProblems"/>, when there is any, as one <see cref="ReproException"/>.</summary>
    public void ThrowIfInvalid()
    {
        if (AllProblems() is { Count: > 0 } problems)
            throw new ReproException(problems);
    }

    private IEnumerable<Diagnostic> UnknownKeys()
    {
        var known = read.Order(StringComparer.Ordinal).ToList();
        foreach (var (key, _) in values)
        {
            if (read.Contains(key))
                continue;
            yield return StepErrors.UnknownKey(shared.Locate($"{path}.{key}"), $"{path}.{key}", ClosestName.Find(key, known), known);
        }
    }

    private StepArguments? ReadSection(string name, string? shorthandKey, bool required)
    {
        read.Add(name);
        var keyPath = $"{path}.{name}";
        switch (values[name])
        {
            case null when required:
                shared.Problems.Add(StepErrors.MissingKey(shared.Locate(path), keyPath));
                return null;
            case null:
                return null;
            case JsonObject section:
                return new StepArguments(section, keyPath, shared);
            case JsonValue value when shorthandKey is not null && value.TryGetValue<string>(out var text):
                return new StepArguments(new JsonObject { [shorthandKey] = text }, keyPath, shared);
            case var other:
                var expected = shorthandKey is null ? "expected a mapping" : $"expected a mapping or a {shorthandKey} name";
                shared.Problems.Add(StepErrors.WrongValue(shared.Locate(keyPath), keyPath, expected, Show(other)));
                return null;
        }
    }

    private string? ReadEnum(string name, IReadOnlyList<string> allowed, bool required, string? defaultValue, string? what)
    {
        var text = Read<string?>(name, required, defaultValue, n => ParseString(n), "expected a string");
        if (text is null || allowed.Contains(text, StringComparer.Ordinal))
            return text;
        var keyPath = $"{path}.{name}";
        shared.Problems.Add(
            StepErrors.UnknownChoice(shared.Locate(keyPath), what ?? name.Replace('_', ' '), text, allowed, ClosestName.Find(text, allowed))
        );
        shared.Resolved[ResolvedKey(name)] = defaultValue;
        return defaultValue;
    }

    private T Read<T>(string name, bool required, T fallback, Func<JsonNode, (bool Ok, T Value)> parse, string expected)
    {
        read.Add(name);
        var keyPath = $"{path}.{name}";
        var node = values[name];
        if (node is null)
        {
            if (required)
                shared.Problems.Add(StepErrors.MissingKey(shared.Locate(path), keyPath));
            else
                shared.Resolved[ResolvedKey(name)] = fallback;
            return fallback;
        }
        var (ok, value) = parse(node);
        if (!ok)
        {
            shared.Problems.Add(StepErrors.WrongValue(shared.Locate(keyPath), keyPath, expected, Show(node)));
            return fallback;
        }
        shared.Resolved[ResolvedKey(name)] = value;
        return value;
    }

    private string ResolvedKey(string name) => path == "with" ? name : $"{path["with.".Length..]}.{name}";

    private static (bool Ok, string Value) ParseString(JsonNode node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (true, v.GetValue<string>())
        // A number or boolean where a string is expected (a file name like 2024) is fine as its text.
        : node is JsonValue n && n.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            ? (true, n.ToJsonString())
        : (false, "");

    private static (bool Ok, int Value) ParseInt(JsonNode node, int? min, int? max)
    {
        if (!TryNumber(node, out var number) || number != Math.Floor(number) || number < int.MinValue || number > int.MaxValue)
            return (false, 0);
        var value = (int)number;
        return (min is null || value >= min) && (max is null || value <= max) ? (true, value) : (false, 0);
    }

    private static (bool Ok, double Value) ParseDouble(JsonNode node, NumberRange? range) =>
        TryNumber(node, out var number) && double.IsFinite(number) && (range is null || range.Contains(number))
            ? (true, number)
            : (false, 0);

    private static (bool Ok, bool Value) ParseBool(JsonNode node) =>
        node is JsonValue v
            ? v.GetValueKind() switch
            {
                JsonValueKind.True => (true, true),
                JsonValueKind.False => (true, false),
                // Interpolated parameters arrive as text.
                JsonValueKind.String when bool.TryParse(v.GetValue<string>(), out var b) => (true, b),
                _ => (false, false),
            }
            : (false, false);

    private static (bool Ok, IReadOnlyList<T> Value) ParseList<T>(JsonNode node, Func<JsonNode, (bool Ok, T Value)> parseItem)
    {
        IEnumerable<JsonNode?> items = node is JsonArray array ? array : new[] { node };
        var list = new List<T>();
        foreach (var item in items)
        {
            if (item is null || parseItem(item) is not { Ok: true } parsed)
                return (false, []);
            list.Add(parsed.Value);
        }
        return (true, list);
    }

    private static bool TryNumber(JsonNode node, out double number)
    {
        number = 0;
        if (node is not JsonValue v)
            return false;
        return v.GetValueKind() switch
        {
            // Values the loader builds from YAML hold longs; those read back from JSON convert to anything.
            JsonValueKind.Number => v.TryGetValue(out number) || (v.TryGetValue(out long whole) && (number = whole) == whole),
            // Interpolated parameters (${train.lr}) may arrive as text.
            JsonValueKind.String => double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    private static string ExpectedInt(int? min, int? max) =>
        (min, max) switch
        {
            (1, null) => "expected a positive integer",
            (0, null) => "expected a non-negative integer",
            ({ } lo, null) => $"expected an integer >= {lo}",
            (null, { } hi) => $"expected an integer <= {hi}",
            ({ } lo, { } hi) => $"expected an integer from {lo} to {hi}",
            _ => "expected an integer",
        };

    private static string ExpectedDouble(NumberRange? range) => range is null ? "expected a number" : $"expected {range.Describe()}";

    private static string ExpectedList(string expectedItem) =>
        "expected a list of "
        + expectedItem
            .Replace("expected an ", "", StringComparison.Ordinal)
            .Replace("expected a ", "", StringComparison.Ordinal)
            .Replace("integer", "integers", StringComparison.Ordinal)
            .Replace("number", "numbers", StringComparison.Ordinal);

    private static string Show(JsonNode? node) =>
        node switch
        {
            null => "nothing",
            // JSON has no NaN or infinity, so ToJsonString cannot write them (YAML's .nan, .inf).
            JsonValue v when v.TryGetValue(out double d) && !double.IsFinite(d) => d.ToString(CultureInfo.InvariantCulture),
            _ => node.ToJsonString(),
        };

    private static List<Diagnostic> Sorted(IEnumerable<Diagnostic> problems) =>
        [.. problems.OrderBy(p => p.Location is null ? 1 : 0).ThenBy(p => p.Location?.Line ?? 0).ThenBy(p => p.Location?.Column ?? 0)];

    private sealed class Shared(IReadOnlyDictionary<string, SourceLocation> locations)
    {
        public List<Diagnostic> Problems { get; } = [];
        public Dictionary<string, object?> Resolved { get; } = new(StringComparer.Ordinal);
        public List<StepArguments> Sections { get; } = [];

        public SourceLocation? Locate(string keyPath)
        {
            for (var candidate = keyPath; candidate.Length > 0; candidate = Parent(candidate))
            {
                if (locations.TryGetValue(candidate, out var at))
                    return at;
            }
            return null;
        }

        private static string Parent(string keyPath)
        {
            var cut = Math.Max(keyPath.LastIndexOf('.'), keyPath.LastIndexOf('['));
            return cut < 0 ? "" : keyPath[..cut];
        }
    }
}
