using System.IO.Enumeration;

namespace Repro.Core.Fingerprint;

/// <summary>
/// Lists the files under a directory with one stat each, following symlinks that stay inside the root and refusing
/// the rest (a dep's identity must not depend on files outside it that nobody declared).
/// </summary>
internal sealed class TreeWalker(string rootPath, string rootReal, List<ContentHasher.TreeFile> files)
{
    private static readonly EnumerationOptions NamesOnly = new()
    {
        RecurseSubdirectories = false,
        // Dotfiles are content too: skip nothing.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    private const int ParallelStatThreshold = 256;

    // Real paths of the directories being walked, to catch a link that points back at an ancestor.
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);

    public void Walk(string dirPath, string dirReal, string relativePrefix)
    {
        _active.Add(dirReal);
        var names = new FileSystemEnumerable<string>(dirPath, (ref FileSystemEntry entry) => entry.FileName.ToString(), NamesOnly).ToList();
        names.Sort(StringComparer.Ordinal);
        // One stat per entry is most of the cost of an unchanged tree: spread a big folder's stats over the cores.
        var stats = new StatInfo[names.Count];
        if (names.Count >= ParallelStatThreshold)
            Parallel.For(0, names.Count, i => stats[i] = FileSystemStat.Stat(Path.Join(dirPath, names[i]), followLinks: false));
        else
        {
            for (var i = 0; i < names.Count; i++)
                stats[i] = FileSystemStat.Stat(Path.Join(dirPath, names[i]), followLinks: false);
        }
        for (var index = 0; index < names.Count; index++)
        {
            var name = names[index];
            var fullPath = Path.Join(dirPath, name);
            var relativePath = relativePrefix.Length == 0 ? name : relativePrefix + "/" + name;
            var stat = stats[index];
            switch (stat.Kind)
            {
                case EntryKind.File:
                    files.Add(new ContentHasher.TreeFile(relativePath, fullPath, stat));
                    break;
                case EntryKind.Directory:
                    Walk(fullPath, Path.Join(dirReal, name), relativePath);
                    break;
                case EntryKind.Symlink:
                    FollowLink(fullPath, relativePath);
                    break;
                case EntryKind.Missing:
                    // Deleted between listing and stat: a concurrent writer; the file is simply not part of this hash.
                    break;
                default:
                    throw new ReproException(
                        $"'{Shown(relativePath)}' is not a regular file, a directory or a symlink",
                        "remove it from the folder or list the folder's files individually"
                    );
            }
        }
        _active.Remove(dirReal);
    }

    private void FollowLink(string linkPath, string relativePath)
    {
        var target = FileSystemStat.Stat(linkPath, followLinks: true);
        if (target.Kind == EntryKind.Missing)
            throw new ReproException($"symlink '{Shown(relativePath)}' is broken (its target does not exist)", "fix or remove the link");
        var targetReal = FileSystemStat.RealPath(linkPath);
        if (!IsInside(targetReal))
        {
            throw new ReproException(
                $"symlink '{Shown(relativePath)}' points outside '{rootPath}' (to '{targetReal}')",
                "a dep or out must contain what it depends on: copy the target into the folder, or declare it as its own dep"
            );
        }
        switch (target.Kind)
        {
            case EntryKind.File:
                files.Add(new ContentHasher.TreeFile(relativePath, linkPath, target));
                break;
            case EntryKind.Directory when _active.Contains(targetReal):
                throw new ReproException(
                    $"symlink '{Shown(relativePath)}' points to a folder that contains it (a cycle)",
                    "remove the link"
                );
            case EntryKind.Directory:
                Walk(linkPath, targetReal, relativePath);
                break;
            default:
                throw new ReproException($"symlink '{Shown(relativePath)}' does not point to a regular file or a directory");
        }
    }

    private bool IsInside(string real) =>
        real == rootReal
        || real.Length > rootReal.Length
            && real.StartsWith(rootReal, StringComparison.Ordinal)
            && (real[rootReal.Length] == '/' || real[rootReal.Length] == Path.DirectorySeparatorChar || rootReal.EndsWith('/'));

    private string Shown(string relativePath) => Path.Join(rootPath, relativePath);
}
