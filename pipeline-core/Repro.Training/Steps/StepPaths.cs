using Repro.Core;
using Repro.Core.Steps;

namespace Repro.Training.Steps;

/// <summary>Paths a step reads and writes, resolved against the project folder.</summary>
public static class StepPaths
{
    /// <summary><paramref name="path"/> made absolute against the project folder.</summary>
    public static string Resolve(StepRequest request, string path)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Path.GetFullPath(path, request.ProjectDirPath);
    }

    /// <summary><paramref name="fullPath"/> relative to the project folder when inside it, for records and messages.</summary>
    public static string Display(StepRequest request, string fullPath)
    {
        ArgumentNullException.ThrowIfNull(request);
        var relative = Path.GetRelativePath(request.ProjectDirPath, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) ? fullPath : relative;
    }

    /// <summary>The one declared out of a step that writes a single folder or file; otherwise a <see cref="ReproException"/>.</summary>
    public static string SingleOut(StepRequest request, string what)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Outs.Count != 1)
        {
            throw new ReproException(
                $"stage '{request.Stage}': {request.Step} writes {what}: declare exactly one path in outs (found {request.Outs.Count})"
            );
        }
        return Resolve(request, request.Outs[0]);
    }

    /// <summary>The first declared metrics file, or <c>null</c> when none is declared.</summary>
    public static string? FirstMetrics(StepRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Metrics.Count > 0 ? Resolve(request, request.Metrics[0]) : null;
    }
}
