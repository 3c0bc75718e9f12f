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
    public async Task Every_file_of_a_directory_is_remembered_and_reused()
    {
        using var dir = TempDir.Create();
        for (var i = 0; i < 50; i++)
            dir.Write($"d/f{i}.txt", $"file {i}");
        var cache = new StatCache(Later);
        var first = await new ContentHasher(cache).HashPathAsync(dir.Resolve("d"));
        cache.Count.Should().Be(50);
        // Poison one entry: the directory id must change, which proves the cached ids were used.
        var victim = dir.Resolve("d/f7.txt");
        cache.Set(victim, FileStatKey.Of(victim)!.Value, ObjectId.Of("poison"u8));

        var second = await new ContentHasher(cache).HashPathAsync(dir.Resolve("d"));

        second.Id.Should().NotBe(first.Id);
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
