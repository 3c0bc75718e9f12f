using LibGit2Sharp;

namespace Repro.Core.Execution;

/// <summary>The git commit, branch and dirty state of the repository holding the project, for the run record.</summary>
public sealed record GitState(string? Commit, string? Branch, bool Dirty, string? DirtyDiffHash)
{
    /// <summary>The state of the repository around <paramref name="projectDirPath"/>; null outside a repository.</summary>
    public static GitState? Of(string projectDirPath)
    {
        try
        {
            var path = Repository.Discover(projectDirPath);
            if (path is null)
                return null;
            using var repo = new Repository(path);
            // Untracked files (outputs, .repro/) do not make a commit dirty: only changes to tracked files do.
            var dirty = repo.RetrieveStatus(new StatusOptions { IncludeUntracked = false, IncludeIgnored = false }).IsDirty;
            string? diffHash = null;
            if (dirty && repo.Head.Tip is { } tip)
            {
                var patch = repo.Diff.Compare<Patch>(tip.Tree, DiffTargets.Index | DiffTargets.WorkingDirectory);
                diffHash = Convert.ToHexStringLower(Blake3.Hasher.Hash(System.Text.Encoding.UTF8.GetBytes(patch.Content)).AsSpan());
            }
            return new GitState(repo.Head.Tip?.Sha, repo.Head.IsCurrentRepositoryHead ? repo.Head.FriendlyName : null, dirty, diffHash);
        }
        catch (Exception ex) when (ex is LibGit2SharpException or DllNotFoundException or TypeInitializationException)
        {
            // A repository libgit2 cannot read (or no native library) must not stop a run; the record says "unknown".
            return null;
        }
    }
}
