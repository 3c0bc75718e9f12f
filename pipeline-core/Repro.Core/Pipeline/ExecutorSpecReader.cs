using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Repro.Core.Pipeline;

/// <summary>
/// Reads an <c>executor:</c> entry: <c>executor: slurm</c>, or
/// <c>executor: {type: slurm, partition: gpu, time: "1:00:00", cpus: 4, mem: 16G, gpus: 1, sbatch_args: [--qos=low]}</c>.
/// Problems go to the loader's list with their positions.
/// </summary>
public static partial class ExecutorSpecReader
{
    private static readonly string[] Keys = ["type", "partition", "time", "cpus", "mem", "gpus", "sbatch_args"];

    /// <summary>The executor <paramref name="node"/> describes, or null when it has problems (added to <paramref name="problems"/>).</summary>
    public static ExecutorSpec? Read(string filePath, YamlNode node, string where, List<Diagnostic> problems)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(problems);
        var at = YamlValues.At(filePath, node);
        var count = problems.Count;
        if (node is YamlScalarNode scalar)
            return Type(scalar.Value ?? "", at, problems) is { } type ? new ExecutorSpec { Type = type, At = at } : null;
        if (node is not YamlMappingNode mapping)
        {
            problems.Add(PipelineErrors.ExpectedMapping(at, where, YamlValues.Describe(node)));
            return null;
        }
        var spec = new ExecutorSpec { Type = "", At = at };
        string? typeName = null;
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var valueAt = YamlValues.At(filePath, value);
            var what = $"'{key}' of {where}";
            switch (key)
            {
                case "type":
                    typeName = Text(value, what, valueAt, problems) is { } t ? Type(t, valueAt, problems) : null;
                    break;
                case "partition":
                    spec = spec with { Partition = Text(value, what, valueAt, problems) };
                    break;
                case "time":
                    var time = Text(value, what, valueAt, problems);
                    if (time is not null && !SlurmTime().IsMatch(time))
                        problems.Add(
                            new Diagnostic(
                                valueAt,
                                $"{what} is '{time}', not a Slurm time",
                                "write minutes (30), H:MM:SS (1:30:00) or D-HH:MM:SS (2-00:00:00)"
                            )
                        );
                    spec = spec with { Time = time };
                    break;
                case "mem":
                    var mem = Text(value, what, valueAt, problems);
                    if (mem is not null && !SlurmMemory().IsMatch(mem))
                        problems.Add(
                            new Diagnostic(
                                valueAt,
                                $"{what} is '{mem}', not an amount of memory",
                                "write 4G, 500M or a number of megabytes"
                            )
                        );
                    spec = spec with { Mem = mem };
                    break;
                case "cpus":
                    spec = spec with { Cpus = Positive(value, what, valueAt, problems) };
                    break;
                case "gpus":
                    spec = spec with { Gpus = Positive(value, what, valueAt, problems) };
                    break;
                case "sbatch_args":
                    spec = spec with { SbatchArgs = Args(value, what, valueAt, problems) };
                    break;
                default:
                    problems.Add(PipelineErrors.UnknownKey(YamlValues.At(filePath, keyNode), key, where, Keys));
                    break;
            }
        }
        if (typeName is null && !mapping.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "type"))
            problems.Add(
                new Diagnostic(at, $"{where} has no 'type'", $"add 'type: slurm' (or one of {string.Join(", ", ExecutorSpec.Types)})")
            );
        return problems.Count == count && typeName is not null ? spec with { Type = typeName } : null;
    }

    private static string? Type(string text, SourceLocation at, List<Diagnostic> problems)
    {
        if (ExecutorSpec.Types.Contains(text))
            return text;
        problems.Add(new Diagnostic(at, $"unknown executor type '{text}'", $"use one of {string.Join(", ", ExecutorSpec.Types)}"));
        return null;
    }

    private static string? Text(YamlNode node, string what, SourceLocation at, List<Diagnostic> problems)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } text })
            return text;
        problems.Add(PipelineErrors.ExpectedString(at, what, YamlValues.Describe(node)));
        return null;
    }

    private static int? Positive(YamlNode node, string what, SourceLocation at, List<Diagnostic> problems)
    {
        if (
            node is YamlScalarNode { Value: { } text }
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n > 0
        )
            return n;
        problems.Add(PipelineErrors.ExpectedInteger(at, what + " (1 or more)", YamlValues.Describe(node)));
        return null;
    }

    private static List<string> Args(YamlNode node, string what, SourceLocation at, List<Diagnostic> problems)
    {
        if (node is YamlScalarNode { Value: { } line })
            return [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        if (node is YamlSequenceNode sequence)
        {
            var args = new List<string>();
            foreach (var item in sequence)
                if (Text(item, what, at, problems) is { } arg)
                    args.Add(arg);
            return args;
        }
        problems.Add(PipelineErrors.ExpectedList(at, what, YamlValues.Describe(node)));
        return [];
    }

    [GeneratedRegex(@"^(\d+|\d+:\d{1,2}(:\d{1,2})?|\d+-\d{1,2}(:\d{1,2}(:\d{1,2})?)?|infinite|unlimited)$", RegexOptions.IgnoreCase)]
    private static partial Regex SlurmTime();

    [GeneratedRegex(@"^\d+[KMGT]?$", RegexOptions.IgnoreCase)]
    private static partial Regex SlurmMemory();
}
