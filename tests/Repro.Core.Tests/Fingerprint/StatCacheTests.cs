using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Fingerprint;

public class StatCacheTests
{
    private static readonly DateTime LongAgo = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // A clock far ahead: files written a moment ago would otherwise be too fresh (racy) to remember.
    private static readonly FixedTime Later = new(new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public async Task A_file_whose_stat_is_unchanged_is_answered_from_the_cache_without_being_read()
    {
        using var dir = TempDir.Create();
        var path = dir.Write("data.txt", "real content");
        File.SetLastWriteTimeUtc(path, LongAgo);
        var cache = new StatCache(Later);
        // A sentinel the file cannot hash to: if it comes back, the file was not read.
        var sentinel = ObjectId.Of("not the content"u8);
        cache.Set(path, FileStatKey.Of(path)!.Value, sentinel).Should().BeTrue();

        var hash = await new ContentHasher(cache).HashPathAsync(path);

        hash.Id.Should().Be(sentinel);
    }

    [Fact]
    public async Task Touching_the_file_makes_the_cache_miss_and_the_new_content_is_hashed()
    {
        using var dir = TempDir.Create();
        var path = dir.Write("data.txt", "real content");
        File.SetLastWriteTimeUtc(path, LongAgo);
        var cache = new StatCache(Later);
        cache.Set(path, FileStatKey.Of(path)!.Value, ObjectId.Of("not the content"u8));

        File.SetLastWriteTimeUtc(path, LongAgo.AddSeconds(1));
        var hash = await new ContentHasher(cache).HashPathAsync(path);

        hash.Id.Should().Be(ObjectId.Of("real content"u8));
    }

    [Fact]
    public async Task A_rewrite_that_keeps_size_and_mtime_is_still_detected_through_the_ctime()
    {
        using var dir = TempDir.Create();
        var path = dir.Write("data.txt", "aaaa");
        File.SetLastWriteTimeUtc(path, LongAgo);
        var cache = new StatCache(Later);
        var first = await new ContentHasher(cache).HashPathAsync(path);
        cache.Count.Should().Be(1);

        await Task.Delay(20);
        await File.WriteAllTextAsync(path, "bbbb");
        File.SetLastWriteTimeUtc(path, LongAgo);
        var second = await new ContentHasher(cache).HashPathAsync(path);

        first.Id.Should().Be(ObjectId.Of("aaaa"u8));
        second.Id.Should().Be(ObjectId.Of("bbbb"u8));
    }

    [Fact]
    public async Task Every_file_of_a_directory_is_remembered_and_reused_when_the_directory_changed()
    {
        using var dir = TempDir.Create();
        for (var i = 0; i < 50; i++)
            dir.Write($"d/f{i}.txt", $"file {i}");
        var cache = new StatCache(Later);
        var first = await new ContentHasher(cache).HashPathAsync(dir.Resolve("d"));
        cache.Count.Should().Be(50);
        // Poison one entry and touch another file so the directory's own entry misses: the changed directory id proves
        // the remaining files were answered from their cached ids.
        var victim = dir.Resolve("d/f7.txt");
        cache.Set(victim, FileStatKey.Of(victim)!.Value, ObjectId.Of("poison"u8));
        File.SetLastWriteTimeUtc(dir.Resolve("d/f8.txt"), LongAgo);

        var second = await new ContentHasher(cache).HashPathAsync(dir.Resolve("d"));

        second.Id.Should().NotBe(first.Id);
    }

    [Fact]
    public async Task An_unchanged_directory_is_answered_by_its_own_entry_and_a_touched_file_invalidates_it()
    {
        using var dir = TempDir.Create();
        for (var i = 0; i < 20; i++)
            dir.Write($"d/sub{i % 3}/f{i}.txt", $"file {i}");
        var cache = new StatCache(Later);
        var first = await new ContentHasher(cache).HashPathAsync(dir.Resolve("d"));
        var tree = cache.TakeTreeChanges().Should().ContainSingle().Subject;
        tree.Hash.Should().Be(first);
        var sentinel = first with { Id = ObjectId.Of("not this tree"u8) };
        cache.SetTree(tree.Path, tree.Summary, sentinel, newestTicks: 0);

        var unchanged = await new ContentHasher(cache).HashPathAsync(dir.Resolve("d"));
        File.SetLastWriteTimeUtc(dir.Resolve("d/sub1/f4.txt"), LongAgo);
        var touched = await new ContentHasher(cache).HashPathAsync(dir.Resolve("d"));

        unchanged.Should().Be(sentinel);
        touched.Should().Be(first);
    }

    [Fact]
    public async Task Saving_a_directory_to_the_object_store_never_takes_the_tree_shortcut()
    {
        using var dir = TempDir.Create();
        dir.Write("d/a.txt", "alpha");
        var cache = new StatCache(Later);
        var hasher = new ContentHasher(cache);
        var first = await hasher.HashPathAsync(dir.Resolve("d"));
        var tree = cache.TakeTreeChanges().Single();
        cache.SetTree(tree.Path, tree.Summary, first with { Id = ObjectId.Of("not this tree"u8) }, newestTicks: 0);

        var saved = await new ObjectStore(dir.Resolve("cache")).SaveAsync(dir.Resolve("d"), hasher);

        saved.Should().Be(first);
    }

    [Fact]
    public void A_file_written_a_moment_ago_is_not_remembered_because_a_rewrite_could_keep_its_stat()
    {
        var now = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        var cache = new StatCache(new FixedTime(now));
        var fresh = new FileStatKey(4, (now - DateTime.UnixEpoch).Ticks - 1000, 1, (now - DateTime.UnixEpoch).Ticks - 1000);
        var old = fresh with
        {
            MtimeTicks = fresh.MtimeTicks - StatCache.RacyWindow.Ticks,
            CtimeTicks = fresh.CtimeTicks - StatCache.RacyWindow.Ticks,
        };

        cache.Set("/x/fresh", fresh, ObjectId.Of("x"u8)).Should().BeFalse();
        cache.Set("/x/old", old, ObjectId.Of("x"u8)).Should().BeTrue();

        cache.TryGet("/x/fresh", fresh, out _).Should().BeFalse();
        cache.TryGet("/x/old", old, out _).Should().BeTrue();
    }

    [Fact]
    public void Only_added_or_removed_entries_are_reported_as_changes()
    {
        var key = new FileStatKey(1, 1, 1, 1);
        var cache = new StatCache([new StatCacheEntry("/loaded", key, ObjectId.Of("a"u8))]);
        cache.HasChanges.Should().BeFalse();

        cache.Set("/loaded", key, ObjectId.Of("a"u8));
        cache.HasChanges.Should().BeFalse();
        cache.Set("/new", key, ObjectId.Of("b"u8));
        cache.Remove("/loaded");
        var (upserted, removed) = cache.TakeChanges();

        upserted.Should().Equal(new StatCacheEntry("/new", key, ObjectId.Of("b"u8)));
        removed.Should().Equal("/loaded");
        cache.HasChanges.Should().BeFalse();
    }

    private sealed class FixedTime(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc);
    }
}
