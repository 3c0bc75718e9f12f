using LibGit2Sharp;

namespace Repro.Core.Fingerprint;

/// <summary>
/// Asks git whether a file is tracked and clean, and if so for its blob id, so that <see cref="ContentHasher"/> can map
/// the blob id to a BLAKE3 id it computed before (the git blob memo in the <see cref="StatCache"/>) instead of reading
/// the file again, e.g. after a branch switch rewrote it with the same content. Identity stays BLAKE3: git only saves
/// a read. Safe to use from several threads.
/// </summary>
public sealed class GitWorkTree : IDisposable
{
    private readonly Repository _repository;
    private readonly string _workDir;
    private readonly System.Threading.Lock _gate = new();

    private GitWorkTree(Repository repository)
    {
        _repository = repository;
        _workDir = Path.GetFullPath(repository.Info.WorkingDirectory);
    }

    /// <summary>The work tree containing <paramref name="path"/>, or null if it is not in a git repository.</summary>
    public static GitWorkTree? Discover(string path)
    {
        var found = Repository.Discover(Path.GetFullPath(path));
        if (found is null)
            return null;
        var repository = new Repository(found);
        if (repository.Info.IsBare)
        {
            repository.Dispose();
            return null;
        }
        return new GitWorkTree(repository);
    }

    /// <summary>The blob id of <paramref name="fullPath"/> if git tracks it and it is unmodified (git's own stat check).</summary>
    public bool TryGetCleanBlobId(string fullPath, out string blobId)
    {
        blobId = "";
        var relative = Path.GetRelativePath(_workDir, fullPath);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            return false;
        relative = relative.Replace(Path.DirectorySeparatorChar, '/');
        lock (_gate)
        {
            var entry = _repository.Index[relative];
            if (entry is null || entry.StageLevel != StageLevel.Staged)
                return false;
            if (_repository.RetrieveStatus(relative) != FileStatus.Unaltered)
                return false;
            blobId = entry.Id.Sha;
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _repository.Dispose();
    }
}
