using Repro.Core.Cache;

namespace Repro.Core.Tests.Cache;

public class DirectoryManifestTests
{
    [Fact]
    public void A_manifest_is_sorted_and_round_trips_even_with_odd_file_names()
    {
        var a = ObjectId.Of("a"u8);
        var manifest = new DirectoryManifest([
            new ManifestEntry("z/last.txt", a, 1, false),
            new ManifestEntry("new\nline%0A.txt", a, 1, true),
            new ManifestEntry("a b.txt", a, 1, false),
        ]);

        var parsed = DirectoryManifest.Parse(manifest.ToBytes());

        manifest.Entries.Select(e => e.Path).Should().Equal("a b.txt", "new\nline%0A.txt", "z/last.txt");
        parsed.Entries.Should().Equal(manifest.Entries);
        parsed.ComputeId().Should().Be(manifest.ComputeId());
    }

    [Fact]
    public void The_order_entries_are_given_in_does_not_change_the_id()
    {
        var x = new ManifestEntry("x", ObjectId.Of("x"u8), 1, false);
        var y = new ManifestEntry("y", ObjectId.Of("y"u8), 1, false);

        new DirectoryManifest([x, y]).ComputeId().Should().Be(new DirectoryManifest([y, x]).ComputeId());
    }
}
