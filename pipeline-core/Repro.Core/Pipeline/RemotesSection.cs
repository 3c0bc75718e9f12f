using System.Text.RegularExpressions;
using Repro.Core.Remote;
using YamlDotNet.RepresentationModel;

namespace Repro.Core.Pipeline;

/// <summary>Reads <c>remotes:</c> of pipeline.yaml into <see cref="RemoteSpec"/>s, adding every problem with its position.</summary>
internal static partial class RemotesSection
{
    private static readonly string[] CommonKeys = ["type", "default", "jobs"];
    private static readonly string[] DirKeys = [.. CommonKeys, "path"];
    private static readonly string[] S3Keys = [.. CommonKeys, "bucket", "prefix", "endpoint", "region", "profile"];

    public static List<RemoteSpec> Read(string fileName, string projectDirPath, YamlNode node, List<Diagnostic> problems)
    {
        var remotes = new List<RemoteSpec>();
        if (node is not YamlMappingNode mapping)
        {
            problems.Add(PipelineErrors.ExpectedMapping(YamlValues.At(fileName, node), "'remotes'", YamlValues.Describe(node)));
            return remotes;
        }
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (ReadOne(fileName, projectDirPath, (YamlScalarNode)keyNode, value, problems) is not { } remote)
                continue;
            if (remote.IsDefault && remotes.FirstOrDefault(r => r.IsDefault) is { } other)
                problems.Add(RemoteErrors.TwoDefaults(remote.At, remote.Name, other.Name));
            remotes.Add(remote);
        }
        return remotes;
    }

    private static RemoteSpec? ReadOne(
        string fileName,
        string projectDirPath,
        YamlScalarNode keyNode,
        YamlNode node,
        List<Diagnostic> problems
    )
    {
        SourceLocation At(YamlNode n) => YamlValues.At(fileName, n);
        var name = keyNode.Value ?? "";
        var count = problems.Count;
        if (!Name().IsMatch(name))
            problems.Add(RemoteErrors.InvalidName(At(keyNode), name));
        if (node is not YamlMappingNode mapping)
        {
            problems.Add(PipelineErrors.ExpectedMapping(At(node), $"remote '{name}'", YamlValues.Describe(node)));
            return null;
        }
        var keys = mapping.Children.ToDictionary(
            c => ((YamlScalarNode)c.Key).Value ?? "",
            c => (Key: c.Key, c.Value),
            StringComparer.Ordinal
        );
        string? Text(string key)
        {
            if (!keys.TryGetValue(key, out var entry))
                return null;
            if (entry.Value is YamlScalarNode { Value: { Length: > 0 } text })
                return text;
            problems.Add(PipelineErrors.ExpectedString(At(entry.Value), $"'{key}' of remote '{name}'", YamlValues.Describe(entry.Value)));
            return null;
        }

        RemoteKind? kind = null;
        if (!keys.ContainsKey("type"))
            problems.Add(RemoteErrors.MissingKey(At(keyNode), name, "type", "add 'type: dir' (a folder, local or mounted) or 'type: s3'"));
        else if (Text("type") is { } type)
        {
            kind = type switch
            {
                "dir" => RemoteKind.Dir,
                "s3" => RemoteKind.S3,
                _ => null,
            };
            if (kind is null)
                problems.Add(RemoteErrors.UnknownType(At(keys["type"].Value), name, type));
        }
        var allowed = kind switch
        {
            RemoteKind.Dir => DirKeys,
            RemoteKind.S3 => S3Keys,
            _ => DirKeys.Union(S3Keys).ToArray(),
        };
        foreach (var (key, entry) in keys)
        {
            if (!allowed.Contains(key))
                problems.Add(PipelineErrors.UnknownKey(At(entry.Key), key, $"remote '{name}'", allowed));
        }

        var isDefault = false;
        if (keys.TryGetValue("default", out var defaultEntry))
        {
            if (
                YamlValues.ToJson(fileName, defaultEntry.Value, "", null) is System.Text.Json.Nodes.JsonValue v
                && v.TryGetValue<bool>(out var flag)
            )
                isDefault = flag;
            else
                problems.Add(
                    RemoteErrors.ExpectedBoolean(
                        At(defaultEntry.Value),
                        $"'default' of remote '{name}'",
                        YamlValues.Describe(defaultEntry.Value)
                    )
                );
        }
        int? jobs = null;
        if (keys.TryGetValue("jobs", out var jobsEntry))
        {
            if (
                YamlValues.ToJson(fileName, jobsEntry.Value, "", null) is System.Text.Json.Nodes.JsonValue v
                && v.TryGetValue<long>(out var n)
            )
            {
                if (n < 1 || n > 1024)
                    problems.Add(RemoteErrors.BadJobs(At(jobsEntry.Value), name));
                jobs = (int)Math.Clamp(n, 1, 1024);
            }
            else
                problems.Add(
                    PipelineErrors.ExpectedInteger(At(jobsEntry.Value), $"'jobs' of remote '{name}'", YamlValues.Describe(jobsEntry.Value))
                );
        }

        string? dirPath = null;
        string? bucket = null;
        Uri? endpoint = null;
        if (kind == RemoteKind.Dir)
        {
            if (!keys.ContainsKey("path"))
                problems.Add(
                    RemoteErrors.MissingKey(At(keyNode), name, "path", "add 'path:' with the folder (absolute, or relative to the project)")
                );
            else if (Text("path") is { } path)
                dirPath = ResolveDir(projectDirPath, path);
        }
        else if (kind == RemoteKind.S3)
        {
            if (!keys.ContainsKey("bucket"))
                problems.Add(RemoteErrors.MissingKey(At(keyNode), name, "bucket", "add 'bucket:' with the bucket's name"));
            else
                bucket = Text("bucket");
            if (keys.ContainsKey("endpoint") && Text("endpoint") is { } text)
            {
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                    endpoint = uri;
                else
                    problems.Add(RemoteErrors.BadEndpoint(At(keys["endpoint"].Value), name, text));
            }
        }
        if (problems.Count > count || kind is not { } remoteKind)
            return null;
        return new RemoteSpec
        {
            Name = name,
            At = At(keyNode),
            Kind = remoteKind,
            DirPath = dirPath,
            Bucket = bucket,
            Prefix = (Text("prefix") ?? "").Trim('/'),
            Endpoint = endpoint,
            Region = Text("region"),
            Profile = Text("profile"),
            IsDefault = isDefault,
            Jobs = jobs,
        };
    }

    // A remote folder is usually outside the project (a mount); '~' is the user's home, as in a shell.
    private static string ResolveDir(string projectDirPath, string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            path = Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[1..]);
        return Path.GetFullPath(Path.Combine(projectDirPath, path));
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")]
    private static partial Regex Name();
}
