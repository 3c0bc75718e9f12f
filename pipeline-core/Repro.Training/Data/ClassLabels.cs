using System.Globalization;
using Repro.Core;
using Repro.Core.Steps;

namespace Repro.Training.Data;

/// <summary>
/// Turns the label texts of a CSV column into class indices. With <c>classes</c> given, a label is one of those names
/// (or its index); with <c>num_classes</c>, an integer from 0; otherwise integer labels are indices (classes
/// <c>0</c> to the largest), and any other labels become classes in ordinal order of their names.
/// </summary>
public static class ClassLabels
{
    /// <summary>Above this many integer classes, a column is more likely a regression target than class indices.</summary>
    public const int MaxInferredClasses = 1000;

    /// <summary>
    /// The class names and each label's index. Every bad label (up to ten) is reported to <paramref name="problems"/> at its
    /// position, and gets index 0.
    /// </summary>
    public static (IReadOnlyList<string> Names, long[] Indices) Resolve(
        IReadOnlyList<(string Text, SourceLocation At)> labels,
        IReadOnlyList<string>? classes,
        int? numClasses,
        ICollection<Diagnostic> problems
    )
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(problems);
        var integers = labels
            .Select(l => long.TryParse(l.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null)
            .ToArray();
        IReadOnlyList<string> names;
        if (classes is { Count: > 0 })
            names = classes;
        else if (numClasses is { } k)
            names = [.. Enumerable.Range(0, k).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        else if (integers.All(i => i is not null))
        {
            var max = integers.Length == 0 ? 0 : integers.Max(i => i!.Value);
            if (max >= MaxInferredClasses)
            {
                problems.Add(
                    new Diagnostic(
                        null,
                        $"{labels[0].At.FilePath}: the label column holds integers up to {max}: too many classes",
                        "for a numeric target set task: regression; for class indices set num_classes"
                    )
                );
                return ([], new long[labels.Count]);
            }
            names = [.. Enumerable.Range(0, (int)Math.Max(0, max) + 1).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        }
        else
            names = [.. labels.Select(l => l.Text).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
            byName.TryAdd(names[i], i);
        var indices = new long[labels.Count];
        var reported = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var (text, at) = labels[i];
            if (byName.TryGetValue(text, out var index))
            {
                indices[i] = index;
                continue;
            }
            if (integers[i] is { } value && value >= 0 && value < names.Count)
            {
                indices[i] = value;
                continue;
            }
            if (reported++ >= 10)
                continue;
            problems.Add(
                integers[i] is not null || classes is not { Count: > 0 }
                    ? DataErrors.LabelOutOfRange(at, text, names.Count)
                    : DataErrors.UnknownLabel(at, text, ClosestName.Find(text, names), names)
            );
        }
        return (names, indices);
    }
}
