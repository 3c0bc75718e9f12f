using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Repro.Core.Pipeline;

/// <summary>Dotted-name access to a parameter tree (<c>train.lr</c> is <c>{"train": {"lr": ...}}</c>).</summary>
public static class ParamTree
{
    /// <summary>Finds <paramref name="name"/>; a name may end on a leaf or on a whole sub-tree.</summary>
    public static bool TryGet(JsonNode? root, string name, out JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        value = root;
        foreach (var part in name.Split('.'))
        {
            if (value is JsonObject obj && obj.TryGetPropertyValue(part, out var child))
                value = child;
            else if (
                value is JsonArray array
                && int.TryParse(part, CultureInfo.InvariantCulture, out var index)
                && index >= 0
                && index < array.Count
            )
                value = array[index];
            else
            {
                value = null;
                return false;
            }
        }
        return true;
    }

    /// <summary>Replaces the value at an existing <paramref name="name"/>; false when the name does not exist.</summary>
    public static bool TrySet(JsonObject root, string name, JsonNode? value)
    {
        var dot = name.LastIndexOf('.');
        JsonNode? parent = root;
        if (dot >= 0 && !TryGet(root, name[..dot], out parent))
            return false;
        var last = name[(dot + 1)..];
        if (parent is JsonObject obj && obj.ContainsKey(last))
        {
            obj[last] = value;
            return true;
        }
        return false;
    }

    /// <summary>Every name in the tree, sub-trees included, for "did you mean" hints.</summary>
    public static IReadOnlyList<string> Names(JsonObject root)
    {
        var names = new List<string>();
        Collect(root, "", names);
        return names;
    }

    /// <summary>Merges <paramref name="source"/> into <paramref name="target"/>: mappings merge, anything else is replaced.</summary>
    public static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            if (value is JsonObject sourceChild && target[key] is JsonObject targetChild)
                Merge(targetChild, sourceChild);
            else
                target[key] = value?.DeepClone();
        }
    }

    /// <summary>How a value reads inside text: numbers in invariant culture, booleans lower case, null as empty.</summary>
    public static string? AsText(JsonNode? value) =>
        value switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.TryGetValue<double>(out var d) && v.GetValueKind() == JsonValueKind.Number && !v.TryGetValue<long>(out _) =>
                d.ToString("R", CultureInfo.InvariantCulture),
            JsonValue v => v.ToJsonString(),
            _ => null,
        };

    /// <summary>A value as a user would write it in a message: text quoted, numbers plain, trees as JSON.</summary>
    public static string Show(JsonNode? value) =>
        value switch
        {
            null => "null",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => $"'{v.GetValue<string>()}'",
            JsonValue => AsText(value)!,
            _ => value.ToJsonString(),
        };

    private static void Collect(JsonNode? node, string prefix, List<string> names)
    {
        if (node is not JsonObject obj)
            return;
        foreach (var (key, child) in obj)
        {
            var name = prefix.Length == 0 ? key : $"{prefix}.{key}";
            names.Add(name);
            Collect(child, name, names);
        }
    }
}
