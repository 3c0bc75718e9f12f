using Repro.Core;
using Repro.Tests.Shared;
using Repro.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Data;

[Collection("Torch")]
public class PreparedDatasetTests
{
    private static DatasetInfo ImageInfo(Normalization normalization) =>
        new()
        {
            Kind = DatasetKinds.Classification,
            Producer = "test",
            NumClasses = 3,
            ClassNames = ["a", "b", "c"],
            InputShape = [2, 2, 2],
            Normalization = normalization,
            Splits = new Dictionary<string, long>(),
        };

    [Fact]
    public void A_saved_dataset_loads_back_as_float_inputs_normalised_per_channel()
    {
        // Arrange: 3 images of 2 channels; channel 0 holds 0, channel 1 holds 255.
        using var dir = TempDir.Create();
        var x = zeros([3, 2, 2, 2], ScalarType.Byte);
        x[TensorIndex.Colon, 1].fill_(255);
        var y = tensor(new long[] { 0, 2, 1 });
        var normalization = new Normalization
        {
            Scale = 255,
            Mean = [0.5, 0.5],
            Std = [0.5, 0.25],
        };

        // Act
        var written = PreparedDataset.Save(
            Path.Combine(dir.Path, "prepared"),
            ImageInfo(normalization),
            new Dictionary<string, DatasetSplit> { ["train"] = new(x, y) }
        );
        using var dataset = PreparedDataset.Load(Path.Combine(dir.Path, "prepared"));

        // Assert
        written.Splits.Should().Equal(new Dictionary<string, long> { ["train"] = 3 });
        dataset.Info.Should().BeEquivalentTo(written);
        dataset.Train.X.dtype.Should().Be(ScalarType.Float32);
        dataset.Train.X[0, 0, 0, 0].item<float>().Should().Be(-1f); // (0 - 0.5) / 0.5
        dataset.Train.X[2, 1, 1, 1].item<float>().Should().Be(2f); // (1 - 0.5) / 0.25
        dataset.Train.Y.data<long>().ToArray().Should().Equal(0, 2, 1);
        dataset.Val.Should().BeNull();
    }

    [Fact]
    public void Padded_sequences_keep_their_lengths()
    {
        using var dir = TempDir.Create();
        var info = new DatasetInfo
        {
            Kind = DatasetKinds.SequenceClassification,
            Producer = "test",
            NumClasses = 2,
            InputShape = [4, 1],
            Normalization = Normalization.None,
            VariableLength = true,
            Splits = new Dictionary<string, long>(),
        };
        var split = new DatasetSplit(rand([2, 4, 1]), tensor(new long[] { 1, 0 }), tensor(new long[] { 4, 2 }));

        PreparedDataset.Save(dir.Path + "/seq", info, new Dictionary<string, DatasetSplit> { ["test"] = split });
        using var dataset = PreparedDataset.Load(dir.Path + "/seq");

        dataset.Split("test").Lengths!.data<long>().ToArray().Should().Equal(4, 2);
        dataset.Split("test").X.allclose(split.X).Should().BeTrue();
    }

    [Fact]
    public void Asking_for_a_split_the_dataset_lacks_says_which_it_has()
    {
        using var dir = TempDir.Create();
        PreparedDataset.Save(
            dir.Path + "/d",
            ImageInfo(Normalization.None),
            new Dictionary<string, DatasetSplit> { ["train"] = new(zeros([1, 2, 2, 2]), zeros([1], ScalarType.Int64)) }
        );
        using var dataset = PreparedDataset.Load(dir.Path + "/d");

        var act = () => dataset.Split("val");

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be(
                $"error: the dataset in {dir.Path}/d has no 'val' split{Environment.NewLine}  hint: it has train; set val_fraction above 0 in the data stage"
            );
    }

    [Fact]
    public void A_folder_that_is_not_a_prepared_dataset_is_a_clear_error()
    {
        using var dir = TempDir.Create();

        var act = () => PreparedDataset.Load(dir.Path);

        act.Should().Throw<ReproException>().WithMessage($"error: {dir.Path}/dataset.json: not a prepared dataset (no dataset.json)*");
    }
}
