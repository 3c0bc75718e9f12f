namespace Repro.Tool;

/// <summary>
/// A copy of a project in a temp folder, without its <c>.repro/</c> store and cache and without <c>.git/</c>, for
/// re-running the pipeline from scratch (<c>repro verify</c>) without touching the workspace. Files are copied, not
/// linked: a stage that wrote into a dep by mistake must not reach the user's files.
/// </summary>
public static class ScratchCopy
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { ".repro", ".git" };

    public static string Create(string projectDirPath)
    {
        var target = Path.Combine(
            Path.GetTempPath(),
            "repro-verify-" + Guid.NewGuid().ToString("N")[..10],
            Path.GetFileName(projectDirPath.TrimEnd('/'))
        );
        Copy(new DirectoryInfo(projectDirPath), target, top: true);
        return target;
    }

    public static void Delete(string scratchDirPath)
    {
        var root = Path.GetDirectoryName(scratchDirPath)!;
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A child that has not quite exited may hold a file; the temp folder is cleaned by the OS eventually.
        }
    }

    private static void Copy(DirectoryInfo source, string target, bool top)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.EnumerateFiles())
            file.CopyTo(Path.Combine(target, file.Name));
        foreach (var dir in source.EnumerateDirectories())
        {
            if (top && Skipped.Contains(dir.Name))
                continue;
            if (dir.LinkTarget is not null)
                continue; // a symlinked folder stays behind; its target is outside what the pipeline owns
            Copy(dir, Path.Combine(target, dir.Name), top: false);
        }
    }
}
