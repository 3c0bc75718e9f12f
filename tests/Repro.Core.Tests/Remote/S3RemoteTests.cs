using System.Text;
using Amazon.Runtime;
using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Core.Pipeline;
using Repro.Core.Remote;
using Repro.Core.Store;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Remote;

/// <summary>
/// The S3 remote through AWSSDK.S3 against <see cref="S3StubServer"/> on loopback (no S3-compatible server is installable
/// here): the same push and pull as the folder remote, every request SigV4-signed and path-style.
/// </summary>
public sealed class S3RemoteTests : IDisposable
{
    private readonly S3StubServer server = new("ml-cache", pageSize: 2);
    private readonly TempDir project = TempDir.Create();

    public void Dispose()
    {
        server.Dispose();
        project.Dispose();
    }

    private S3Remote Remote() =>
        S3Remote.Open(
            new RemoteSpec
            {
                Name = "cloud",
                At = new SourceLocation("pipeline.yaml", 1, 1),
                Kind = RemoteKind.S3,
                Bucket = "ml-cache",
                Prefix = "team/fashion",
                Endpoint = server.Endpoint,
            },
            new BasicAWSCredentials(S3StubServer.AccessKey, S3StubServer.SecretKey)
        );

    private async Task<(RunStore Store, ObjectStore Objects, StageResultRecord Record)> ProjectWithResultAsync()
    {
        var store = RunStore.Open(project.Resolve("a/.repro/repro.db"));
        var objects = new ObjectStore(project.Resolve("a/.repro/cache"), flushToDisk: false);
        project.Write("a/data/set/x.txt", "x values");
        project.Write("a/data/set/y.txt", "y values");
        var hash = await objects.SaveAsync(project.Resolve("a/data/set"), new ContentHasher());
        var parts = await objects.SaveBytesAsync(Encoding.UTF8.GetBytes("{\"stage\":\"prepare\"}"));
        var record = new StageResultRecord(parts.ToString(), "prepare", [new StageOut("data/set", hash)], "{\"rows\":2}", "run-1");
        store.PutStageResult(record);
        return (store, objects, record);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(0)]
    public async Task Push_then_pull_through_s3_moves_every_object_signed_and_a_second_push_moves_nothing(int listThreshold)
    {
        var (store, objects, record) = await ProjectWithResultAsync();
        using var owned = store;
        using var remote = Remote();
        var options = new RemoteSyncOptions { ListThreshold = listThreshold };

        var push = await new RemoteSync("cloud", remote, store, objects, options).PushAsync(null, CancellationToken.None);
        var again = await new RemoteSync("cloud", remote, store, objects, options).PushAsync(null, CancellationToken.None);
        using var clone = RunStore.Open(project.Resolve("b/.repro/repro.db"));
        var cloneObjects = new ObjectStore(project.Resolve("b/.repro/cache"));
        var pull = await new RemoteSync("cloud", remote, clone, cloneObjects, options).PullAsync(null, CancellationToken.None);

        // A manifest, two files and the fingerprint parts; one record.
        (push.ObjectsTransferred, push.RecordsTransferred, push.Failures.Count)
            .Should()
            .Be((4, 1, 0));
        (again.ObjectsTransferred, again.ObjectsSkipped, again.RecordsSkipped).Should().Be((0, 4, 1));
        (pull.ObjectsTransferred, pull.RecordsTransferred, pull.Failures.Count).Should().Be((4, 1, 0));
        server
            .Objects.Keys.Should()
            .OnlyContain(k =>
                k.StartsWith("team/fashion/objects/", StringComparison.Ordinal)
                || k.StartsWith("team/fashion/runcache/prepare/", StringComparison.Ordinal)
            );
        clone.TryGetStageResult(record.Fingerprint, out var pulled).Should().BeTrue();
        pulled.Should().BeEquivalentTo(record);
        cloneObjects.ContainsAll(record.Outs[0].Hash).Should().BeTrue();
        server
            .Requests.Should()
            .NotBeEmpty()
            .And.OnlyContain(r => r.Url.StartsWith("/ml-cache", StringComparison.Ordinal), "requests are path-style");
        server
            .Requests.Should()
            .OnlyContain(r => r.Authorization!.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDREPROSTUB/", StringComparison.Ordinal));
        server.SignedPayloadPuts.Should().Be(server.Requests.Count(r => r.Method == "PUT"), "each body is hashed into the signature");
        if (listThreshold == 0)
            server
                .Requests.Count(r => r.Method == "GET" && r.Url.Contains("list-type=2", StringComparison.Ordinal))
                .Should()
                .BeGreaterThan(2, "the listing is paged");
    }

    [Fact]
    public async Task A_corrupted_s3_object_is_refused_on_pull_and_its_record_is_not_kept()
    {
        var (store, objects, record) = await ProjectWithResultAsync();
        using var owned = store;
        using var remote = Remote();
        await new RemoteSync("cloud", remote, store, objects).PushAsync(null, CancellationToken.None);
        var manifest = record.Outs[0].Hash.Id;
        server.Objects["team/fashion/" + RemoteKeys.Object(manifest)] = "repro-tree 1\n"u8.ToArray();

        using var clone = RunStore.Open(project.Resolve("b/.repro/repro.db"));
        var cloneObjects = new ObjectStore(project.Resolve("b/.repro/cache"));
        var pull = await new RemoteSync("cloud", remote, clone, cloneObjects).PullAsync(null, CancellationToken.None);

        pull.Failures.Should().ContainSingle().Which.Message.Should().StartWith($"object {manifest} on remote 'cloud' is corrupted");
        cloneObjects.Contains(manifest).Should().BeFalse();
        clone.TryGetStageResult(record.Fingerprint, out _).Should().BeFalse();
        Directory
            .EnumerateFiles(project.Resolve("b/.repro/cache"), "*", SearchOption.AllDirectories)
            .Should()
            .NotContain(f => AtomicFile.IsTempPath(f));
    }

    [Fact]
    public async Task An_unsigned_request_is_refused_by_the_stub()
    {
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri(server.Endpoint, "ml-cache/team/x"));

        ((int)response.StatusCode).Should().Be(403);
    }
}
