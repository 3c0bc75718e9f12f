using Repro.Core;
using Repro.Tests.Shared;
using Repro.Training.Data;
using Repro.Training.Steps;
using Repro.Training.Tests.Data;

namespace Repro.Training.Tests.Steps;

[Collection("Torch")]
public class MnistStepTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Idx_files_become_a_dataset_with_a_seeded_validation_split(bool gzip)
    {
        // Arrange
        using var project = TempDir.Create();
        IdxFixtures.WriteSet(project.Resolve("raw"), train: 50, test: 20, gzip);
        var request = StepRequests.For("data/mnist", project.Path, """{"source": "raw", "val_fraction": 0.2}""");

        // Act
        await MnistStep.Mnist().RunAsync(request, CancellationToken.None);
        using var dataset = PreparedDataset.Load(project.Resolve("data/prepared"));

        // Assert
        dataset
            .Info.Splits.Should()
            .Equal(
                new Dictionary<string, long>
                {
                    ["train"] = 40,
                    ["val"] = 10,
                    ["test"] = 20,
                }
            );
        dataset.Info.InputShape.Should().Equal(1, 28, 28);
        dataset.Info.NumClasses.Should().Be(10);
        dataset.Info.Sources.Select(s => s.Path).Should().AllSatisfy(p => p.Should().StartWith("raw/"));
        dataset.Train.X.shape.Should().Equal(40, 1, 28, 28);
        // Pixels encode the sample index, labels are index mod 10: a sample keeps its own label through the split.
        var pixels = dataset.Info.Normalization;
        var firstVal = dataset.Val!.X[0, 0, 0, 0].item<float>() * pixels.Std[0] + pixels.Mean[0];
        var index = (int)Math.Round(firstVal * 255) / 7;
        dataset.Val.Y[0].item<long>().Should().Be(index % 10);
        dataset.Test!.Y.data<long>().ToArray().Should().Equal(Enumerable.Range(0, 20).Select(i => (long)(i % 10)));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_split_and_identical_files()
    {
        using var project = TempDir.Create();
        IdxFixtures.WriteSet(project.Resolve("raw"), train: 60, test: 10, gzip: true);

        await MnistStep.Mnist().RunAsync(StepRequests.For("data/mnist", project.Path, """{"source": "raw"}""", outs: ["a"]), default);
        await MnistStep.Mnist().RunAsync(StepRequests.For("data/mnist", project.Path, """{"source": "raw"}""", outs: ["b"]), default);
        await MnistStep
            .Mnist()
            .RunAsync(StepRequests.For("data/mnist", project.Path, """{"source": "raw"}""", outs: ["c"], seed: 7), default);

        foreach (var file in Directory.GetFiles(project.Resolve("a")).Select(Path.GetFileName))
            File.ReadAllBytes(project.Resolve($"b/{file}")).Should().Equal(File.ReadAllBytes(project.Resolve($"a/{file}")), file);
        File.ReadAllBytes(project.Resolve("c/val_y.pt")).Should().NotEqual(File.ReadAllBytes(project.Resolve("a/val_y.pt")));
    }

    [Fact]
    public async Task A_limit_takes_the_first_samples_of_train_and_test()
    {
        using var project = TempDir.Create();
        IdxFixtures.WriteSet(project.Resolve("raw"), train: 50, test: 30, gzip: false);

        await MnistStep
            .Mnist()
            .RunAsync(StepRequests.For("data/mnist", project.Path, """{"source": "raw", "limit": 10, "val_fraction": 0}"""), default);

        var info = PreparedDataset.ReadInfo(project.Resolve("data/prepared"));
        info.Splits.Should().Equal(new Dictionary<string, long> { ["train"] = 10, ["test"] = 10 });
        info.Arguments.Keys.Should().Contain(["source", "val_fraction", "limit", "normalize", "seed"]);
    }

    [Fact]
    public async Task Missing_files_are_all_named_with_how_to_get_them()
    {
        using var project = TempDir.Create();
        Directory.CreateDirectory(project.Resolve("raw"));
        IdxFixtures.Write(project.Resolve("raw/train-images-idx3-ubyte"), IdxFixtures.Images(1), gzip: false);

        var act = () => MnistStep.Mnist().RunAsync(StepRequests.For("data/mnist", project.Path, """{"source": "raw"}"""), default);

        var problems = (await act.Should().ThrowAsync<ReproException>()).Which.Diagnostics;
        problems
            .Select(p => p.Message)
            .Should()
            .Equal(
                $"{project.Resolve("raw/train-labels-idx1-ubyte.gz")}: file not found",
                $"{project.Resolve("raw/t10k-images-idx3-ubyte.gz")}: file not found",
                $"{project.Resolve("raw/t10k-labels-idx1-ubyte.gz")}: file not found"
            );
    }

    [Fact]
    public async Task A_missing_source_folder_is_reported_at_its_key()
    {
        using var project = TempDir.Create();
        var request = StepRequests.For(
            "data/fashion-mnist",
            project.Path,
            """{"source": "nowhere"}""",
            locations: new() { ["with.source"] = new("pipeline.yaml", 5, 15) }
        );

        var act = () => MnistStep.FashionMnist().RunAsync(request, default);

        (await act.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .StartWith("pipeline.yaml:5:15: error: Fashion-MNIST source folder 'nowhere' not found");
    }

    [Fact]
    public async Task Without_source_or_a_local_copy_the_step_says_where_it_looked()
    {
        using var project = TempDir.Create();
        var step = MnistStep.Mnist(defaultDirPaths: [project.Resolve("none")]);

        var act = () => step.RunAsync(StepRequests.For("data/mnist", project.Path, "{}"), default);

        (await act.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .StartWith($"error: no local copy of MNIST found (looked in {project.Resolve("none")})");
    }

    [Fact]
    public async Task An_unknown_argument_is_an_error_not_ignored()
    {
        using var project = TempDir.Create();

        var act = () => MnistStep.Mnist().RunAsync(StepRequests.For("data/mnist", project.Path, """{"val_fraktion": 0.2}"""), default);

        (await act.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .Be("error: unknown key 'with.val_fraktion'" + Environment.NewLine + "  hint: did you mean 'val_fraction'?");
    }

    [Fact]
    public async Task A_label_out_of_range_names_the_file_and_the_sample()
    {
        using var project = TempDir.Create();
        IdxFixtures.WriteSet(project.Resolve("raw"), train: 5, test: 5, gzip: false);
        IdxFixtures.Write(
            project.Resolve("raw/t10k-labels-idx1-ubyte"),
            IdxFixtures.Labels(5, i => i == 3 ? (byte)12 : (byte)0),
            gzip: false
        );

        var act = () => MnistStep.Mnist().RunAsync(StepRequests.For("data/mnist", project.Path, """{"source": "raw"}"""), default);

        (await act.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .Be($"error: {project.Resolve("raw/t10k-labels-idx1-ubyte")}: label 12 of sample 3 is out of range; expected 0 to 9");
    }

    [Fact]
    public async Task The_debian_fashion_mnist_package_is_read_when_installed()
    {
        if (!File.Exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"))
        {
            Console.WriteLine("SKIPPED: dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)");
            return;
        }
        using var project = TempDir.Create();

        await MnistStep.FashionMnist().RunAsync(StepRequests.For("data/fashion-mnist", project.Path, """{"limit": 200}"""), default);
        using var dataset = PreparedDataset.Load(project.Resolve("data/prepared"));

        dataset
            .Info.Splits.Should()
            .Equal(
                new Dictionary<string, long>
                {
                    ["train"] = 180,
                    ["val"] = 20,
                    ["test"] = 200,
                }
            );
        dataset.Info.ClassNames[9].Should().Be("Ankle boot");
        dataset.Info.Sources.Should().HaveCount(4).And.AllSatisfy(s => s.Sha256.Should().HaveLength(64));
        // First training image of Fashion-MNIST is an ankle boot (label 9); the first test image too.
        dataset.Test!.Y[0].item<long>().Should().Be(9);
        dataset.Train.X.mean().item<float>().Should().BeApproximately(0, 1e-4f);
    }
}
