using Repro.Core.Cache;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Cache;

public class AtomicFileTests
{
    [Fact]
    public async Task Writing_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        using var dir = TempDir.Create();
        var path = dir.Write("repro.lock", "old");

        await AtomicFile.WriteAllTextAsync(path, "new content");

        dir.Read("repro.lock").Should().Be("new content");
        Directory.GetFiles(dir.Path).Should().Equal(path);
    }

    [Fact]
    public async Task A_failed_write_keeps_the_old_file_and_removes_the_temporary_one()
    {
        using var dir = TempDir.Create();
        var path = dir.Write("metrics.json", "{}");

        var act = () => AtomicFile.WriteAsync(path, (_, _) => throw new IOException("disk full"));

        await act.Should().ThrowAsync<IOException>();
        dir.Read("metrics.json").Should().Be("{}");
        Directory.GetFiles(dir.Path).Should().Equal(path);
    }
}
