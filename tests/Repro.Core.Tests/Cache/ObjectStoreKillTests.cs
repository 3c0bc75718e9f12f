using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Cache;

public class ObjectStoreKillTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(300)]
    public async Task A_save_killed_with_sigkill_leaves_only_complete_objects_under_final_names(int extraDelayMs)
    {
        using var dir = TempDir.Create();
        var source = dir.Resolve("out");
        WriteSource(source);
        var cache = dir.Resolve(".repro/cache");
        using var child = ChildProcessEntry.Start("save-forever", source, cache);
        // Wait until the child is into its second round (so objects are being written and deleted), then kill it.
        var rounds = 0;
        while (rounds < 2 && await child.StandardOutput.ReadLineAsync() is { } line)
            rounds += line.StartsWith("round", StringComparison.Ordinal) ? 1 : 0;
        await Task.Delay(extraDelayMs);

        child.Kill();
        await child.WaitForExitAsync();

        rounds.Should().Be(2, "the child should have been saving when it was killed");
        var store = new ObjectStore(cache);
        (await store.VerifyAsync()).Should().BeEmpty("every object under a final name must match its id");
        // The next save completes whatever the kill interrupted, and the result restores intact.
        var hash = await store.SaveAsync(source, new ContentHasher());
        store.ContainsAll(hash).Should().BeTrue();
        await store.RestoreAsync(hash, dir.Resolve("restored"));
        (await new ContentHasher().HashPathAsync(dir.Resolve("restored"))).Should().Be(hash);
        store.DeleteTemporaryFiles();
        Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories).Should().OnlyContain(f => !AtomicFile.IsTempPath(f));
    }

    private static void WriteSource(string root)
    {
        // A few large files (each takes a while to copy, so a kill often lands mid-write) and many small ones.
        var block = new byte[1 << 20];
        for (var i = 0; i < 4; i++)
        {
            Directory.CreateDirectory(Path.Join(root, "large"));
            using var file = File.Create(Path.Join(root, "large", $"part{i}.bin"));
            for (var mb = 0; mb < 6; mb++)
            {
                block.AsSpan().Fill((byte)(i * 16 + mb));
                file.Write(block);
            }
        }
        for (var i = 0; i < 200; i++)
        {
            Directory.CreateDirectory(Path.Join(root, "small", (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            File.WriteAllText(
                Path.Join(root, "small", (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture), $"f{i}.txt"),
                $"file {i}"
            );
        }
    }
}
