using LibGit2Sharp;
using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Tests.Shared;
using ObjectId = Repro.Core.Cache.ObjectId;

namespace Repro.Core.Tests.Fingerprint;

public class GitWorkTreeTests
{
    private static readonly FixedTime Later = new(new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public async Task A_clean_tracked_file_that_misses_the_stat_cache_is_answered_from_the_git_blob_memo()
    {
        using var dir = TempDir.Create();
        var path = CommitLargeFile(dir, out var blobId);
        using var git = GitWorkTree.Discover(dir.Path)!;
        var cache = new StatCache(Later);
        var first = await new ContentHasher(cache, git: git).HashPathAsync(path);
        cache.TryGetByGitBlob(blobId, out var remembered).Should().BeTrue();
        remembered.Should().Be(first.Id);

        // Same content, new inode and mtime (as a branch switch leaves it); poison the memo to prove it is what answers.
        RewriteIdentically(path);
        var sentinel = ObjectId.Of("not the content"u8);
        cache.SetGitBlob(blobId, sentinel);
        var second = await new ContentHasher(cache, git: git).HashPathAsync(path);

        second.Id.Should().Be(sentinel);
    }

    [Fact]
    public async Task A_modified_tracked_file_is_read_not_taken_from_the_memo()
    {
        using var dir = TempDir.Create();
        var path = CommitLargeFile(dir, out var blobId);
        using var git = GitWorkTree.Discover(dir.Path)!;
        var cache = new StatCache(Later);
        cache.SetGitBlob(blobId, ObjectId.Of("not the content"u8));

        await File.AppendAllTextAsync(path, "changed");
        var hash = await new ContentHasher(cache, git: git).HashPathAsync(path);

        hash.Id.Should().Be(ObjectId.Of(await File.ReadAllBytesAsync(path)));
        git.TryGetCleanBlobId(path, out _).Should().BeFalse();
    }

    [Fact]
    public void A_folder_outside_any_repository_has_no_work_tree()
    {
        using var dir = TempDir.Create();

        GitWorkTree.Discover(dir.Path).Should().BeNull();
    }

    private static string CommitLargeFile(TempDir dir, out string blobId)
    {
        Repository.Init(dir.Path);
        var path = dir.Resolve("data.bin");
        var bytes = new byte[(int)ContentHasher.GitLookupMinBytes + 100];
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)(i * 7);
        File.WriteAllBytes(path, bytes);
        using var repository = new Repository(dir.Path);
        Commands.Stage(repository, "data.bin");
        var who = new Signature("test", "test@example.com", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        repository.Commit("data", who, who);
        blobId = repository.Index["data.bin"].Id.Sha;
        return path;
    }

    private static void RewriteIdentically(string path)
    {
        File.Copy(path, path + ".new");
        File.Move(path + ".new", path, overwrite: true);
    }

    private sealed class FixedTime(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc);
    }
}
