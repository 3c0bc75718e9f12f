using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Repro.Core.Lock;

/// <summary>Reads and writes repro.lock as readable YAML with a stable order, so its git diffs show only real changes.</summary>
public static class LockFileSerializer
{
    public static string Write(LockFile lockFile)
    {
        ArgumentNullException.ThrowIfNull(lockFile);
        var root = new YamlMappingNode { { "schema", Plain(LockFile.SchemaVersion) } };
        if (lockFile.Seed is { } seed)
            root.Add("seed", Plain(seed));
        if (lockFile.Params.Count > 0)
            root.Add("params", ParamsNode(lockFile.Params));
        var stages = new YamlMappingNode();
        foreach (var stage in lockFile.Stages.OrderBy(s => s.Name, StringComparer.Ordinal))
            stages.Add(stage.Name, WriteStage(stage));
        root.Add("stages", stages);
        var stream = new YamlStream(new YamlDocument(root));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        writer.WriteLine("# Written by `dotnet repro run`; `dotnet repro verify` re-runs the pipeline and compares with it. Commit it.");
        stream.Save(writer, assignAnchors: false);
        // YamlStream ends each document with "...": keep the file plain.
        return writer.ToString().Replace("...\n", "", StringComparison.Ordinal).Replace("...\r\n", "", StringComparison.Ordinal);
    }

    /// <summary>Parses repro.lock; problems are reported at their line in <paramref name="filePath"/>.</summary>
    public static LockFile Read(string text, string filePath)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw Error(
                filePath,
                ex.Start,
                $"repro.lock is not valid YAML: {ex.Message}",
                "restore it from git or re-create it with 'dotnet repro run'"
            );
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw Error(filePath, null, "repro.lock is empty or not a mapping", "re-create it with 'dotnet repro run'");
        var schema = (int)Number(root, "schema", filePath);
        if (schema > LockFile.SchemaVersion)
            throw Error(
                filePath,
                root.Start,
                $"repro.lock has schema {schema}, newer than this tool's {LockFile.SchemaVersion}",
                "update the tool"
            );
        long? seed = root.Children.ContainsKey("seed") ? (long)Number(root, "seed", filePath) : null;
        var stages = new List<StageLock>();
        if (root.Children.TryGetValue("stages", out var stagesNode) && stagesNode is YamlMappingNode stagesMap)
        {
            foreach (var (key, value) in stagesMap.Children)
                stages.Add(ReadStage(((YamlScalarNode)key).Value!, Mapping(value, filePath), filePath));
        }
        return new LockFile(seed, ReadParams(root, filePath), stages);
    }

    private static YamlMappingNode WriteStage(StageLock stage)
    {
        var node = new YamlMappingNode { { "fingerprint", stage.Fingerprint }, { "seed", Plain(stage.Seed) } };
        if (stage.Params.Count > 0)
            node.Add("params", ParamsNode(stage.Params));
        if (stage.Deps.Count > 0)
            node.Add("deps", Paths(stage.Deps));
        if (stage.Outs.Count > 0)
            node.Add("outs", Paths(stage.Outs));
        if (stage.Metrics.Count > 0)
        {
            var metrics = new YamlMappingNode();
            foreach (var (file, values) in stage.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                var fileNode = new YamlMappingNode();
                foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
                    fileNode.Add(key, Plain(value));
                metrics.Add(file, fileNode);
            }
            node.Add("metrics", metrics);
        }
        return node;
    }

    private static YamlMappingNode ParamsNode(IReadOnlyDictionary<string, JsonNode?> values)
    {
        var parameters = new YamlMappingNode();
        foreach (var (path, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
            parameters.Add(path, Scalar(value));
        return parameters;
    }

    private static YamlSequenceNode Paths(IEnumerable<LockedPath> paths)
    {
        var sequence = new YamlSequenceNode();
        foreach (var path in paths.OrderBy(p => p.Path, StringComparer.Ordinal))
        {
            var entry = new YamlMappingNode { { "path", path.Path }, { "hash", path.Hash } };
            if (path.IsDirectory)
                entry.Add("dir", Plain(true));
            if (path.Files is { } files)
                entry.Add("files", Plain(files));
            if (path.Bytes is { } bytes)
                entry.Add("bytes", Plain(bytes));
            sequence.Add(entry);
        }
        return sequence;
    }

    private static StageLock ReadStage(string name, YamlMappingNode node, string filePath)
    {
        var parameters = ReadParams(node, filePath);
        var metrics = new SortedDictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        if (node.Children.TryGetValue("metrics", out var m))
        {
            foreach (var (file, values) in Mapping(m, filePath).Children)
            {
                var map = Mapping(values, filePath);
                metrics[((YamlScalarNode)file).Value!] = map.Children.ToDictionary(
                    kv => ((YamlScalarNode)kv.Key).Value!,
                    kv => Number(map, ((YamlScalarNode)kv.Key).Value!, filePath),
                    StringComparer.Ordinal
                );
            }
        }
        return new StageLock(
            name,
            Text(node, "fingerprint", filePath),
            (long)Number(node, "seed", filePath),
            parameters,
            ReadPaths(node, "deps", filePath),
            ReadPaths(node, "outs", filePath),
            metrics
        );
    }

    private static SortedDictionary<string, JsonNode?> ReadParams(YamlMappingNode node, string filePath)
    {
        var parameters = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (node.Children.TryGetValue("params", out var p))
        {
            foreach (var (key, value) in Mapping(p, filePath).Children)
                parameters[((YamlScalarNode)key).Value!] = FromScalar(value, filePath);
        }
        return parameters;
    }

    private static List<LockedPath> ReadPaths(YamlMappingNode node, string key, string filePath)
    {
        if (!node.Children.TryGetValue(key, out var value))
            return [];
        if (value is not YamlSequenceNode sequence)
            throw Error(filePath, value.Start, $"'{key}' must be a list", null);
        return
        [
            .. sequence.Children.Select(item =>
            {
                var map = Mapping(item, filePath);
                return new LockedPath(
                    Text(map, "path", filePath),
                    Text(map, "hash", filePath),
                    map.Children.TryGetValue("dir", out var dir) && ((YamlScalarNode)dir).Value == "true",
                    map.Children.ContainsKey("files") ? (int)Number(map, "files", filePath) : null,
                    map.Children.ContainsKey("bytes") ? (long)Number(map, "bytes", filePath) : null
                );
            }),
        ];
    }

    private static YamlScalarNode Plain(object value) =>
        new(
            value switch
            {
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            }
        )
        {
            Style = ScalarStyle.Plain,
        };

    // Strings are quoted so that "1" stays a string and 1 a number when read back.
    private static YamlScalarNode Scalar(JsonNode? value) =>
        value?.GetValueKind() switch
        {
            null or JsonValueKind.Null => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
            JsonValueKind.String => new YamlScalarNode(value.GetValue<string>()) { Style = ScalarStyle.DoubleQuoted },
            JsonValueKind.True or JsonValueKind.False => Plain(value.GetValue<bool>()),
            // A JSON number's own text is already its shortest exact form.
            JsonValueKind.Number => new YamlScalarNode(value.ToJsonString()) { Style = ScalarStyle.Plain },
            _ => new YamlScalarNode(value.ToJsonString()) { Style = ScalarStyle.SingleQuoted, Tag = "!json" },
        };

    private static JsonNode? FromScalar(YamlNode node, string filePath)
    {
        if (node is not YamlScalarNode scalar)
            throw Error(filePath, node.Start, "a parameter value must be a scalar", null);
        var text = scalar.Value ?? "";
        if (scalar.Tag == "!json")
            return JsonNode.Parse(text);
        if (scalar.Style is ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted)
            return JsonValue.Create(text);
        if (text == "null")
            return null;
        if (text is "true" or "false")
            return JsonValue.Create(text == "true");
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            return JsonValue.Create(l);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

    private static YamlMappingNode Mapping(YamlNode node, string filePath) =>
        node as YamlMappingNode ?? throw Error(filePath, node.Start, "expected a mapping", null);

    private static string Text(YamlMappingNode node, string key, string filePath) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode { Value: { } text }
            ? text
            : throw Error(filePath, node.Start, $"missing '{key}'", "re-create repro.lock with 'dotnet repro run'");

    private static double Number(YamlMappingNode node, string key, string filePath)
    {
        var text = Text(node, key, filePath);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(filePath, node.Children[key].Start, $"'{key}' must be a number, not '{text}'", null);
    }

    private static ReproException Error(string filePath, Mark? at, string message, string? hint) =>
        new(new Diagnostic(at is { } m ? new SourceLocation(filePath, (int)m.Line, (int)m.Column) : null, message, hint));
}
