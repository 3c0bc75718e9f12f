using Repro.Core;
using Repro.Tests.Shared;
using Repro.Training.Models;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Models;

[Collection("Torch")]
public class ModelFileTests
{
    [Fact]
    public void A_saved_model_loads_back_with_its_architecture_and_the_same_outputs()
    {
        using var dir = TempDir.Create();
        manual_seed(5);
        using var model = ModelFactory.Create(
            ModelFactoryTests.Spec("""{"type":"cnn","input_shape":[1,8,8],"outputs":3,"channels":[4],"fc":[6]}""")
        );
        model.eval();
        var path = dir.Resolve("models/model.pt");
        using var input = randn(2, 1, 8, 8);

        ModelFile.Save(model, path);
        using var loaded = ModelFile.Load(path);

        loaded.Spec.Should().BeEquivalentTo(model.Spec);
        loaded.call(input).allclose(model.call(input)).Should().BeTrue();
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_an_input_error()
    {
        using var dir = TempDir.Create();
        var path = dir.Write("model.pt", "hello world");

        var act = () => ModelFile.Load(path);

        act.Should().Throw<ReproException>().WithMessage("*is not a Repro model file*");
    }
}
