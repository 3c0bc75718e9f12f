using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Fingerprint;

public class ContentHasherTests
{
    private readonly ContentHasher _hasher = new();

    [Fact]
    public async Task A_file_id_is_the_blake3_hash_of_its_bytes()
    {
        using var dir = TempDir.Create();
        var path = dir.Write("a.txt", "BLAKE3");

        var hash = await _hasher.HashPathAsync(path);

        // The reference value printed by the BLAKE3 project's own tools for "BLAKE3".
        hash.Id.ToString().Should().Be("f890484173e516bfd935ef3d22b912dc9738de38743993cfedf2c9473b3216a4");
        hash.Should().Be(new PathHash(hash.Id, IsDirectory: false, Bytes: 6, Files: 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData((1 << 20) - 1)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 1)]
    [InlineData((16 << 20) + 12345)]
    public async Task A_file_of_any_size_hashes_like_the_reference_one_shot_hash(int size)
    {
        using var dir = TempDir.Create();
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
            bytes[i] = (byte)(i * 31 + (i >> 11));
        var path = dir.Resolve("data.bin");
        await File.WriteAllBytesAsync(path, bytes);

        var hash = await _hasher.HashPathAsync(path);

        hash.Id.Should().Be(ObjectId.Of(bytes));
        hash.Bytes.Should().Be(size);
    }

    [Fact]
    public async Task Directories_with_equal_content_have_equal_ids_wherever_they_are()
    {
        using var dir = TempDir.Create();
        foreach (var root in new[] { "one", "two/nested" })
        {
            dir.Write($"{root}/a.txt", "alpha");
            dir.Write($"{root}/sub/b.txt", "beta");
        }

        var one = await _hasher.HashPathAsync(dir.Resolve("one"));
        var two = await _hasher.HashPathAsync(dir.Resolve("two/nested"));

        one.Id.Should().Be(two.Id);
        one.Should().Be(new PathHash(one.Id, IsDirectory: true, Bytes: 9, Files: 2));
    }

    [Fact]
    public async Task Renaming_a_file_or_changing_its_content_changes_the_directory_id()
    {
        using var dir = TempDir.Create();
        dir.Write("d/a.txt", "alpha");
        dir.Write("d/sub/b.txt", "beta");
        var before = await _hasher.HashPathAsync(dir.Resolve("d"));

        File.Move(dir.Resolve("d/sub/b.txt"), dir.Resolve("d/sub/c.txt"));
        var renamed = await _hasher.HashPathAsync(dir.Resolve("d"));
        dir.Write("d/sub/c.txt", "gamma");
        var changed = await _hasher.HashPathAsync(dir.Resolve("d"));

        new[] { before.Id, renamed.Id, changed.Id }.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task An_empty_directory_has_the_id_of_an_empty_manifest()
    {
        using var dir = TempDir.Create();
        Directory.CreateDirectory(dir.Resolve("empty"));

        var hash = await _hasher.HashPathAsync(dir.Resolve("empty"));

        hash.Should().Be(new PathHash(new DirectoryManifest([]).ComputeId(), IsDirectory: true, Bytes: 0, Files: 0));
        hash.Id.Should().NotBe(ObjectId.Of([]));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_executable_bit_is_part_of_a_directory_id()
    {
        using var dir = TempDir.Create();
        var script = dir.Write("d/run.sh", "echo hi");
        var before = await _hasher.HashPathAsync(dir.Resolve("d"));

        File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);
        var after = await _hasher.HashPathAsync(dir.Resolve("d"));
        var manifest = await _hasher.HashDirectoryAsync(dir.Resolve("d"));

        after.Id.Should().NotBe(before.Id);
        manifest.Entries.Should().ContainSingle().Which.IsExecutable.Should().BeTrue();
    }

    [Fact]
    public async Task A_directory_of_many_files_reports_progress_up_to_its_totals()
    {
        using var dir = TempDir.Create();
        for (var i = 0; i < 500; i++)
            dir.Write($"d/{i % 7}/f{i}.txt", new string('x', i));
        var reports = new List<HashProgress>();
        var progress = new SynchronousProgress(reports.Add);

        var hash = await new ContentHasher(maxParallelism: 2).HashPathAsync(dir.Resolve("d"), progress);

        hash.Files.Should().Be(500);
        reports.Should().NotBeEmpty();
        reports[^1].Should().Be(new HashProgress(hash.Bytes, hash.Bytes, 500, 500));
        reports.Should().OnlyContain(r => r.BytesTotal == hash.Bytes && r.FilesTotal == 500);
    }

    [Fact]
    public async Task A_symlink_inside_the_directory_is_followed_and_hashed_as_its_target()
    {
        using var dir = TempDir.Create();
        dir.Write("linked/data/a.txt", "alpha");
        File.CreateSymbolicLink(dir.Resolve("linked/alias.txt"), "data/a.txt");
        dir.Write("copied/data/a.txt", "alpha");
        dir.Write("copied/alias.txt", "alpha");

        var linked = await _hasher.HashPathAsync(dir.Resolve("linked"));
        var copied = await _hasher.HashPathAsync(dir.Resolve("copied"));

        linked.Id.Should().Be(copied.Id);
    }

    [Fact]
    public async Task A_symlink_leaving_the_directory_is_refused_with_its_name()
    {
        using var dir = TempDir.Create();
        dir.Write("outside.txt", "secret");
        dir.Write("d/a.txt", "alpha");
        File.CreateSymbolicLink(dir.Resolve("d/escape.txt"), "../outside.txt");

        var act = () => _hasher.HashPathAsync(dir.Resolve("d"));

        (await act.Should().ThrowAsync<ReproException>()).Which.Message.Should().Contain("escape.txt").And.Contain("points outside");
    }

    [Fact]
    public async Task A_symlink_cycle_is_refused()
    {
        using var dir = TempDir.Create();
        dir.Write("d/sub/a.txt", "alpha");
        Directory.CreateSymbolicLink(dir.Resolve("d/sub/loop"), "..");

        var act = () => _hasher.HashPathAsync(dir.Resolve("d"));

        (await act.Should().ThrowAsync<ReproException>()).Which.Message.Should().Contain("cycle");
    }

    [Fact]
    public async Task A_missing_path_is_reported_as_not_found()
    {
        using var dir = TempDir.Create();

        var act = () => _hasher.HashPathAsync(dir.Resolve("nope"));

        await act.Should().ThrowAsync<FileNotFoundException>();
    }

    private sealed class SynchronousProgress(Action<HashProgress> report) : IProgress<HashProgress>
    {
        private readonly System.Threading.Lock _gate = new();

        public void Report(HashProgress value)
        {
            lock (_gate)
                report(value);
        }
    }
}
