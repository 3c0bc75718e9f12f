namespace Repro.Core.Search.Execution;

/// <summary>
/// A worker's copy of the project under <c>.repro/search/&lt;study&gt;/worker-N</c>, so that parallel trials never write each
/// other's outs and a search leaves the user's outs alone. Files are copied (a trial that wrote into a dep by mistake must
/// not reach the user's files); <c>.repro/</c> and <c>.git/</c> stay behind; a symlinked folder is linked again, since it
/// usually holds data kept outside the project.
/// </summary>
public static class TrialWorkspace
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { ".repro", ".git" };

    /// <summary>The folder holding a study's worker copies.</summary>
    public static string StudyDirPath(string projectDirPath, string study) =>
        Path.Combine(projectDirPath, ".repro", "search", Repro.Core.Execution.StageInvocation.FileNameOf(study));

    /// <summary>Copies <paramref name="projectDirPath"/> to a fresh <paramref name="targetDirPath"/> (an old one is removed first).</summary>
    public static void Create(string projectDirPath, string targetDirPath)
    {
        ArgumentNullException.ThrowIfNull(projectDirPath);
        ArgumentNullException.ThrowIfNull(targetDirPath);
        Delete(targetDirPath);
        Copy(new DirectoryInfo(projectDirPath), targetDirPath, top: true);
    }

    /// <summary>Removes a copy; a file still held by a child that has not quite exited is left for the next search.</summary>
    public static void Delete(string dirPath)
    {
        try
        {
            if (Directory.Exists(dirPath))
                Directory.Delete(dirPath, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static void Copy(DirectoryInfo source, string target, bool top)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.EnumerateFiles())
        {
            if (file.LinkTarget is { } fileLink)
                File.CreateSymbolicLink(Path.Combine(target, file.Name), Path.GetFullPath(fileLink, source.FullName));
            else
                file.CopyTo(Path.Combine(target, file.Name));
        }
        foreach (var dir in source.EnumerateDirectories())
        {
            if (top && Skipped.Contains(dir.Name))
                continue;
            if (dir.LinkTarget is { } link)
                Directory.CreateSymbolicLink(Path.Combine(target, dir.Name), Path.GetFullPath(link, source.FullName));
            else
                Copy(dir, Path.Combine(target, dir.Name), top: false);
        }
    }
}
