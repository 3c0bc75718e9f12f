using Repro.Tests.Shared;
using Repro.Training.Native;

namespace Repro.Training.Tests.Native;

public class ElfVersionNeedsTests
{
    private const string Version = "GLIBCXX_3.4.32";

    // The pristine library as NuGet restored it: the file every build copies into its output.
    private static string ShippedLibraryPath()
    {
        var cache =
            Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(
            cache,
            "torchsharp",
            TorchRuntime.TorchSharpVersion,
            "runtimes",
            "linux-x64",
            "native",
            "libLibTorchSharp.so"
        );
        File.Exists(path).Should().BeTrue($"TorchSharp's restored package should hold {path}");
        return path;
    }

    [Fact]
    public void The_shipped_library_requires_the_version_and_weakening_changes_exactly_one_byte()
    {
        // Arrange
        var original = File.ReadAllBytes(ShippedLibraryPath());
        var patched = (byte[])original.Clone();

        // Act
        var before = ElfVersionNeeds.Weaken(patched, Version);

        // Assert
        before.Should().Be(VersionNeedState.Required);
        ElfVersionNeeds.Inspect(patched, Version).Should().Be(VersionNeedState.Weak);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        changed.Should().ContainSingle();
        (patched[changed[0]] & 0x2).Should().Be(0x2, "the change is the VER_FLG_WEAK bit of vna_flags");
    }

    [Fact]
    public void Weakening_twice_is_a_no_op()
    {
        var data = File.ReadAllBytes(ShippedLibraryPath());
        ElfVersionNeeds.Weaken(data, Version);
        var once = (byte[])data.Clone();

        ElfVersionNeeds.Weaken(data, Version).Should().Be(VersionNeedState.Weak);

        data.Should().Equal(once);
    }

    [Fact]
    public void A_version_the_file_does_not_need_is_reported_absent_and_nothing_changes()
    {
        var data = File.ReadAllBytes(ShippedLibraryPath());
        var copy = (byte[])data.Clone();

        ElfVersionNeeds.Weaken(data, "GLIBCXX_9.9.99").Should().Be(VersionNeedState.Absent);

        data.Should().Equal(copy);
    }

    [Fact]
    public void A_file_that_is_not_elf_is_left_alone()
    {
        var data = "#!/bin/sh\necho not an elf file, but long enough to have a header of sixty-four bytes\n"u8.ToArray();
        var copy = (byte[])data.Clone();

        ElfVersionNeeds.Weaken(data, Version).Should().Be(VersionNeedState.NotElf);

        data.Should().Equal(copy);
    }

    [Fact]
    public void Weakening_a_file_replaces_it_and_never_writes_through_a_hard_link()
    {
        // Arrange: a hard link stands for the NuGet cache's copy, which must stay pristine.
        using var dir = TempDir.Create();
        var cacheCopy = dir.Resolve("cache.so");
        File.Copy(ShippedLibraryPath(), cacheCopy);
        var outputCopy = dir.Resolve("output.so");
        using (var ln = System.Diagnostics.Process.Start("ln", [cacheCopy, outputCopy]))
            ln.WaitForExit();
        File.Exists(outputCopy).Should().BeTrue();

        // Act
        var before = ElfVersionNeeds.WeakenFile(outputCopy, Version);

        // Assert
        before.Should().Be(VersionNeedState.Required);
        ElfVersionNeeds.Inspect(File.ReadAllBytes(outputCopy), Version).Should().Be(VersionNeedState.Weak);
        ElfVersionNeeds.Inspect(File.ReadAllBytes(cacheCopy), Version).Should().Be(VersionNeedState.Required);
        File.Exists(outputCopy + ".weaken.tmp").Should().BeFalse();
    }

    [Fact]
    public void The_build_weakened_the_copy_next_to_these_tests_where_the_system_lacks_the_version()
    {
        var copy = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        var expected = ElfVersionNeeds.SystemLibStdCxxProvides(Version) ? VersionNeedState.Required : VersionNeedState.Weak;

        ElfVersionNeeds.Inspect(File.ReadAllBytes(copy), Version).Should().Be(expected);
    }
}
