using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Core.Store;

namespace Repro.Tool.Tests.Commands;

public class GcCommandTests : IDisposable
{
    private readonly ExperimentsFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    private async Task<PathHash> CacheOutputAsync(string runId, string fingerprint, string relativePath, string content)
    {
        var file = fixture.Project.Write(relativePath, content);
        var objects = new ObjectStore(fixture.Project.Resolve(".repro/cache"));
        var hash = await objects.SaveAsync(file, new ContentHasher());
        using var store = RunStore.Open(fixture.Project.Resolve(".repro/repro.db"));
        store.PutStageResult(new StageResultRecord(fingerprint, "train", [new StageOut(relativePath, hash)], "{}", runId));
        return hash;
    }

    [Fact]
    public async Task Gc_removes_the_objects_of_removed_experiments_and_keeps_the_others()
    {
        // Arrange
        var kept = fixture.AddRun("keep", 1, new Dictionary<string, double>());
        var dropped = fixture.AddRun("drop", 2, new Dictionary<string, double>());
        var keptHash = await CacheOutputAsync(kept, "f-keep", "out/keep.txt", "kept result");
        // A kept stage's fingerprint parts live in the cache under the fingerprint; gc must keep them.
        var partsId = await new ObjectStore(fixture.Project.Resolve(".repro/cache")).SaveBytesAsync("{\"parts\": 1}"u8.ToArray());
        using (var partsStore = RunStore.Open(fixture.Project.Resolve(".repro/repro.db")))
            partsStore.PutStageResult(new StageResultRecord(partsId.ToString(), "train", [], "{}", kept));
        var droppedHash = await CacheOutputAsync(dropped, "f-drop", "out/drop.txt", "dropped result");
        (await CliRunner.RunAsync(fixture.Project, "exp", "rm", "drop")).ExitCode.Should().Be(0);

        // Act
        var result = await CliRunner.RunAsync(fixture.Project, "gc");

        // Assert
        result.ExitCode.Should().Be(0, result.Error);
        result.Out.Should().StartWith("removed 1 objects").And.Contain("kept 2").And.Contain("1 run-cache entries");
        var objects = new ObjectStore(fixture.Project.Resolve(".repro/cache"));
        objects.Contains(keptHash.Id).Should().BeTrue();
        objects.Contains(partsId).Should().BeTrue();
        objects.Contains(droppedHash.Id).Should().BeFalse();
        using var store = RunStore.Open(fixture.Project.Resolve(".repro/repro.db"));
        store.TryGetStageResult("f-drop", out _).Should().BeFalse("the run cache must not point at a deleted object");
        store.TryGetStageResult("f-keep", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Gc_dry_run_removes_nothing()
    {
        var dropped = fixture.AddRun("drop", 2, new Dictionary<string, double>());
        var hash = await CacheOutputAsync(dropped, "f-drop", "out/drop.txt", "dropped result");
        (await CliRunner.RunAsync(fixture.Project, "exp", "rm", "drop")).ExitCode.Should().Be(0);

        var result = await CliRunner.RunAsync(fixture.Project, "gc", "--dry-run");

        result.Out.Should().StartWith("would remove 1 objects");
        new ObjectStore(fixture.Project.Resolve(".repro/cache")).Contains(hash.Id).Should().BeTrue();
    }
}
