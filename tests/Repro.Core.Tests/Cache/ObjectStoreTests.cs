using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Cache;

public class ObjectStoreTests
{
    private readonly ContentHasher _hasher = new();

    [Fact]
    public async Task A_saved_file_is_stored_under_its_id_and_restored_byte_for_byte()
    {
        using var dir = TempDir.Create();
        var store = new ObjectStore(dir.Resolve(".repro/cache"));
        var path = dir.Write("model.bin", "weights");

        var hash = await store.SaveAsync(path, _hasher);
        File.Delete(path);
        await store.RestoreAsync(hash, path);

        var hex = hash.Id.ToString();
        File.Exists(dir.Resolve($".repro/cache/{hex[..2]}/{hex[2..]}")).Should().BeTrue();
        store.Contains(hash.Id).Should().BeTrue();
        dir.Read("model.bin").Should().Be("weights");
        store.EnumerateAll().Should().Equal(hash.Id);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_saved_directory_is_restored_with_its_files_and_executable_bits()
    {
        using var dir = TempDir.Create();
        var store = new ObjectStore(dir.Resolve(".repro/cache"));
        dir.Write("out/a.txt", "alpha");
        dir.Write("out/sub/b.txt", "beta");
        var script = dir.Write("out/run.sh", "echo hi");
        File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);

        var hash = await store.SaveAsync(dir.Resolve("out"), _hasher);
        Directory.Delete(dir.Resolve("out"), recursive: true);
        await store.RestoreAsync(hash, dir.Resolve("out"));

        dir.Read("out/a.txt").Should().Be("alpha");
        dir.Read("out/sub/b.txt").Should().Be("beta");
        File.GetUnixFileMode(script).Should().HaveFlag(UnixFileMode.UserExecute);
        (await _hasher.HashPathAsync(dir.Resolve("out"))).Should().Be(hash);
        store.ContainsAll(hash).Should().BeTrue();
        // Three files and the manifest.
        store.EnumerateAll().Should().HaveCount(4).And.Contain(hash.Id);
    }

    [Fact]
    public async Task Restoring_replaces_stale_content_and_removes_files_the_saved_directory_did_not_have()
    {
        using var dir = TempDir.Create();
        var store = new ObjectStore(dir.Resolve(".repro/cache"));
        dir.Write("out/a.txt", "alpha");
        var hash = await store.SaveAsync(dir.Resolve("out"), _hasher);
        dir.Write("out/a.txt", "stale");
        dir.Write("out/extra.txt", "left over");

        await store.RestoreAsync(hash, dir.Resolve("out"));

        dir.Read("out/a.txt").Should().Be("alpha");
        dir.Exists("out/extra.txt").Should().BeFalse();
        Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Should().BeEquivalentTo(".repro", "out");
    }

    [Fact]
    public async Task Restoring_a_file_where_a_directory_stands_replaces_the_directory()
    {
        using var dir = TempDir.Create();
        var store = new ObjectStore(dir.Resolve(".repro/cache"));
        var hash = await store.SaveAsync(dir.Write("x", "file"), _hasher);
        File.Delete(dir.Resolve("x"));
        dir.Write("x/inside.txt", "dir");

        await store.RestoreAsync(hash, dir.Resolve("x"));

        dir.Read("x").Should().Be("file");
    }

    [Fact]
    public async Task A_restored_file_is_a_copy_so_writing_to_it_cannot_corrupt_the_cache()
    {
        using var dir = TempDir.Create();
        var store = new ObjectStore(dir.Resolve(".repro/cache"));
        var path = dir.Write("model.bin", "weights");
        var hash = await store.SaveAsync(path, _hasher);
        await store.RestoreAsync(hash, path);

        await File.AppendAllTextAsync(path, " changed in place");

        (await store.VerifyAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Verify_finds_a_corrupted_object_and_restore_refuses_it()
    {
        using var dir = TempDir.Create();
        var store = new ObjectStore(dir.Resolve(".repro/cache"));
        var good = await store.SaveAsync(dir.Write("good.txt", "good"), _hasher);
        var bad = await store.SaveAsync(dir.Write("bad.txt", "bad"), _hasher);
        await File.WriteAllTextAsync(store.ObjectPath(bad.Id), "tampered");

        var corrupted = await store.VerifyAsync();
        var restore = () => store.RestoreAsync(bad, dir.Resolve("restored.txt"));

        corrupted.Should().Equal(bad.Id);
        store.Contains(good.Id).Should().BeTrue();
        await restore.Should().ThrowAsync<InvalidDataException>();
        dir.Exists("restored.txt").Should().BeFalse();
    }

    [Fact]
    public async Task Temporary_leftovers_are_not_objects_and_are_cleaned_on_request()
    {
        using var dir = TempDir.Create();
        var store = new ObjectStore(dir.Resolve(".repro/cache"));
        var hash = await store.SaveAsync(dir.Write("a.txt", "alpha"), _hasher);
        var leftover = AtomicFile.TempPathFor(store.ObjectPath(hash.Id));
        await File.WriteAllTextAsync(leftover, "half an obj");

        store.EnumerateAll().Should().Equal(hash.Id);
        store.DeleteTemporaryFiles().Should().Be(1);
        File.Exists(leftover).Should().BeFalse();
    }

    [Fact]
    public async Task Deleting_an_object_removes_it()
    {
        using var dir = TempDir.Create();
        var store = new ObjectStore(dir.Resolve(".repro/cache"));
        var hash = await store.SaveAsync(dir.Write("a.txt", "alpha"), _hasher);

        store.Delete(hash.Id);

        store.Contains(hash.Id).Should().BeFalse();
        store.EnumerateAll().Should().BeEmpty();
    }
}
