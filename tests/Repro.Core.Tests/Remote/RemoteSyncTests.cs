using System.Text;
using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Core.Remote;
using Repro.Core.Store;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Remote;

public sealed class RemoteSyncTests : IDisposable
{
    private readonly TempDir project = TempDir.Create();
    private readonly TempDir remoteDir = TempDir.Create();
    private readonly RunStore store;
    private readonly ObjectStore objects;

    public RemoteSyncTests()
    {
        store = RunStore.Open(project.Resolve(".repro/repro.db"));
        objects = new ObjectStore(project.Resolve(".repro/cache"), flushToDisk: false);
    }

    public void Dispose()
    {
        store.Dispose();
        project.Dispose();
        remoteDir.Dispose();
    }

    private async Task<StageResultRecord> CacheAsync(string stage, string relativePath, string content)
    {
        var file = project.Write(relativePath, content);
        var hash = await objects.SaveAsync(file, new ContentHasher());
        var parts = await objects.SaveBytesAsync(Encoding.UTF8.GetBytes($"{{\"stage\":\"{stage}\",\"v\":\"{content}\"}}"));
        var record = new StageResultRecord(parts.ToString(), stage, [new StageOut(relativePath, hash)], "{\"acc\":0.5}", "run-1");
        store.PutStageResult(record);
        return record;
    }

    [Fact]
    public async Task A_corrupted_local_object_is_not_pushed_and_neither_is_its_record()
    {
        var good = await CacheAsync("prepare", "data/a.txt", "alpha");
        var bad = await CacheAsync("train", "model/m.bin", "weights");
        File.WriteAllText(objects.ObjectPath(bad.Outs[0].Hash.Id), "bit rot");
        using var remote = new DirectoryRemote(remoteDir.Path);

        var report = await new RemoteSync("nas", remote, store, objects).PushAsync(null, CancellationToken.None);

        report
            .Failures.Should()
            .ContainSingle()
            .Which.Message.Should()
            .StartWith($"local cache object {bad.Outs[0].Hash.Id} was not pushed");
        (await remote.ExistsAsync(RemoteKeys.Object(bad.Outs[0].Hash.Id), CancellationToken.None)).Should().BeFalse();
        (await remote.ExistsAsync(RemoteKeys.Record("train", bad.Fingerprint), CancellationToken.None)).Should().BeFalse();
        (await remote.ExistsAsync(RemoteKeys.Record("prepare", good.Fingerprint), CancellationToken.None)).Should().BeTrue();
        Directory.EnumerateFiles(remoteDir.Path, "*", SearchOption.AllDirectories).Should().NotContain(f => AtomicFile.IsTempPath(f));
    }

    [Fact]
    public async Task A_pushed_directory_arrives_as_its_manifest_and_files_and_its_record_round_trips()
    {
        project.Write("data/set/x.txt", "x");
        project.Write("data/set/sub/y.txt", "y");
        var hash = await objects.SaveAsync(project.Resolve("data/set"), new ContentHasher());
        var record = new StageResultRecord("f-dir", "prepare@big", [new StageOut("data/set", hash)], "{}", "run-2");
        store.PutStageResult(record);
        using var remote = new DirectoryRemote(remoteDir.Path);
        // Listing rather than asking object by object.
        var options = new RemoteSyncOptions { ListThreshold = 0, Jobs = 2 };

        var push = await new RemoteSync("nas", remote, store, objects, options).PushAsync(null, CancellationToken.None);
        using var cloneStore = RunStore.Open(remoteDir.Resolve("../" + Path.GetFileName(remoteDir.Path) + "-clone.db"));
        var cloneObjects = new ObjectStore(Path.Combine(project.Path, "clone-cache"));
        var pull = await new RemoteSync("nas", remote, cloneStore, cloneObjects, options).PullAsync(null, CancellationToken.None);

        (push.ObjectsTransferred, push.RecordsTransferred).Should().Be((3, 1));
        (pull.ObjectsTransferred, pull.RecordsTransferred, pull.Failures.Count).Should().Be((3, 1, 0));
        cloneStore.TryGetStageResult("f-dir", out var pulled).Should().BeTrue();
        pulled.Should().BeEquivalentTo(record);
        cloneObjects.ContainsAll(hash).Should().BeTrue();
        File.Delete(cloneStore.DbPath);
    }

    [Fact]
    public void Remote_keys_round_trip_and_escape_stage_names()
    {
        var id = ObjectId.Of("abc"u8);

        RemoteKeys.TryParseObject(RemoteKeys.Object(id), out var parsed).Should().BeTrue();
        parsed.Should().Be(id);
        RemoteKeys.Record("build@data/a b", "ff").Should().Be("runcache/build%40data%2Fa%20b/ff.json");
        RemoteKeys.TryParseRecord("runcache/build%40data%2Fa%20b/ff.json", out var stage, out var fingerprint).Should().BeTrue();
        (stage, fingerprint).Should().Be(("build@data/a b", "ff"));
        RemoteKeys.TryParseRecord("runcache/a/b/c.json", out _, out _).Should().BeFalse();
    }
}
