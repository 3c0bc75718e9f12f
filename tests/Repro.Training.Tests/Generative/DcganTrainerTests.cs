using Repro.Training.Generative;
using Repro.Training.Models;
using Repro.Training.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Generative;

[Collection("Torch")]
public class DcganTrainerTests
{
    [Fact]
    public void The_discriminator_step_moves_only_the_discriminator_and_the_generator_step_only_the_generator()
    {
        manual_seed(3);
        using var model = new Dcgan(DcganTests.Spec(1, 28));
        using var optimizerG = optim.Adam(model.Generator.parameters(), 0.01);
        using var optimizerD = optim.Adam(model.Discriminator.parameters(), 0.05);
        var trainer = new DcganTrainer(model, optimizerG, optimizerD, labelSmoothing: 0.1);
        using var scope = NewDisposeScope();
        var real = rand(6, 1, 28, 28) * 2 - 1;

        var g0 = Snapshot(model.Generator);
        var d0 = Snapshot(model.Discriminator);
        var (loss, realScore, fakeScore) = trainer.DiscriminatorStep(real, model.Generator.call(randn(6, 8)).detach());
        var g1 = Snapshot(model.Generator);
        var d1 = Snapshot(model.Discriminator);
        var generatorLoss = trainer.GeneratorStep(model.Generator.call(randn(6, 8)));
        var g2 = Snapshot(model.Generator);
        var d2 = Snapshot(model.Discriminator);

        Same(g0, g1).Should().BeTrue("the discriminator's optimizer holds none of the generator's weights");
        Same(d0, d1).Should().BeFalse();
        Same(g1, g2).Should().BeFalse();
        Same(d1, d2)
            .Should()
            .BeTrue(
                "the generator's optimizer holds none of the discriminator's weights"
                    + string.Join(
                        ";",
                        d1.Zip(d2).Select(p => (p.First - p.Second).abs().max().item<float>() + "/" + p.First.abs().max().item<float>())
                    )
            );
        loss.Should().BePositive();
        generatorLoss.Should().BePositive();
        realScore.Should().BeInRange(0, 1);
        fakeScore.Should().BeInRange(0, 1);
    }

    // Weights only: batch-norm running statistics move with every forward pass in training mode, whoever steps.
    private static List<Tensor> Snapshot(nn.Module module) => [.. module.parameters().Select(p => p.detach().clone())];

    private static bool Same(List<Tensor> a, List<Tensor> b) => a.Zip(b).All(pair => pair.First.eq(pair.Second).all().item<bool>());
}
