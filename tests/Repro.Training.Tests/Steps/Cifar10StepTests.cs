using Repro.Core;
using Repro.Tests.Shared;
using Repro.Training.Data;
using Repro.Training.Steps;

namespace Repro.Training.Tests.Steps;

[Collection("Torch")]
public class Cifar10StepTests
{
    // Record i of a file: label i mod 10; red plane i, green plane 100 + i, blue plane 200 (whole planes of one value).
    private static byte[] Batch(int count, Func<int, byte>? label = null)
    {
        var bytes = new byte[count * CifarBatchFile.RecordBytes];
        for (var i = 0; i < count; i++)
        {
            var record = bytes.AsSpan(i * CifarBatchFile.RecordBytes, CifarBatchFile.RecordBytes);
            record[0] = label?.Invoke(i) ?? (byte)(i % 10);
            record.Slice(1, 1024).Fill((byte)i);
            record.Slice(1025, 1024).Fill((byte)(100 + i));
            record.Slice(2049, 1024).Fill(200);
        }
        return bytes;
    }

    private static void WriteSet(TempDir dir, string folder, int perFile)
    {
        Directory.CreateDirectory(dir.Resolve(folder));
        for (var b = 1; b <= 5; b++)
            File.WriteAllBytes(dir.Resolve($"{folder}/data_batch_{b}.bin"), Batch(perFile));
        File.WriteAllBytes(dir.Resolve($"{folder}/test_batch.bin"), Batch(perFile));
    }

    [Fact]
    public async Task Binary_batches_become_rgb_images_with_a_seeded_validation_split()
    {
        using var project = TempDir.Create();
        WriteSet(project, "raw/cifar-10-batches-bin", perFile: 4);
        project.Write("raw/cifar-10-batches-bin/batches.meta.txt", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");

        await new Cifar10Step().RunAsync(
            StepRequests.For("data/cifar10", project.Path, """{"source": "raw", "val_fraction": 0.25, "normalize": false}"""),
            default
        );
        using var dataset = PreparedDataset.Load(project.Resolve("data/prepared"));

        dataset
            .Info.Splits.Should()
            .Equal(
                new Dictionary<string, long>
                {
                    ["train"] = 15,
                    ["val"] = 5,
                    ["test"] = 4,
                }
            );
        dataset.Info.InputShape.Should().Equal(3, 32, 32);
        dataset.Info.ClassNames.Should().Equal("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        dataset.Test!.Y.data<long>().ToArray().Should().Equal(0, 1, 2, 3);
        // Planes land in channel order, scaled by 1/255 on load: sample 2 of the test batch.
        var pixels = dataset.Test.X[2].mean([1, 2]).data<float>().ToArray();
        pixels.Should().Equal([2 / 255f, 102 / 255f, 200 / 255f], (a, b) => Math.Abs(a - b) < 1e-6);
        // Every training image keeps its label: its red value is its index in its file, the label that index mod 10.
        var red = dataset.Train.X.select(1, 0).amax([1, 2]).mul(255).round().data<float>().ToArray();
        dataset.Train.Y.data<long>().ToArray().Should().Equal(red.Select(r => (long)r % 10));
    }

    [Fact]
    public async Task Missing_batches_are_all_named()
    {
        using var project = TempDir.Create();
        WriteSet(project, "raw", perFile: 1);
        File.Delete(project.Resolve("raw/data_batch_3.bin"));
        File.Delete(project.Resolve("raw/test_batch.bin"));

        var act = () => new Cifar10Step().RunAsync(StepRequests.For("data/cifar10", project.Path, """{"source": "raw"}"""), default);

        (await act.Should().ThrowAsync<ReproException>())
            .Which.Diagnostics.Select(d => d.Message)
            .Should()
            .Equal("raw/data_batch_3.bin: file not found", "raw/test_batch.bin: file not found");
    }

    [Fact]
    public async Task A_truncated_batch_a_gzip_archive_and_a_label_out_of_range_are_clear_errors()
    {
        using var project = TempDir.Create();
        WriteSet(project, "raw", perFile: 2);
        var request = StepRequests.For("data/cifar10", project.Path, """{"source": "raw"}""");
        var act = () => new Cifar10Step().RunAsync(request, default);

        File.WriteAllBytes(project.Resolve("raw/data_batch_2.bin"), Batch(2)[..5000]);
        (await act.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .StartWith("error: raw/data_batch_2.bin: truncated: expected 6146 bytes, found 5000");

        File.WriteAllBytes(project.Resolve("raw/data_batch_2.bin"), [0x1f, 0x8b, 8, 0]);
        (await act.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .StartWith("error: raw/data_batch_2.bin: a gzip archive, not a CIFAR-10 binary batch");

        File.WriteAllBytes(project.Resolve("raw/data_batch_2.bin"), Batch(2, i => i == 1 ? (byte)10 : (byte)0));
        (await act.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .Be("error: raw/data_batch_2.bin: label 10 of sample 1 is out of range; expected 0 to 9");
    }

    [Fact]
    public async Task A_missing_source_folder_is_reported_at_its_key()
    {
        using var project = TempDir.Create();
        var request = StepRequests.For(
            "data/cifar10",
            project.Path,
            """{"source": "nowhere"}""",
            locations: new() { ["with.source"] = new("pipeline.yaml", 4, 15) }
        );

        var act = () => new Cifar10Step().RunAsync(request, default);

        (await act.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .StartWith("pipeline.yaml:4:15: error: CIFAR-10 source folder 'nowhere' not found");
    }
}
