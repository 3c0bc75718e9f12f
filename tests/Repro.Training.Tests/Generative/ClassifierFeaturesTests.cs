using Repro.Training.Generative;
using Repro.Training.Models;
using Repro.Training.Tests.Models;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Generative;

[Collection("Torch")]
public class ClassifierFeaturesTests
{
    [Theory]
    [InlineData("""{"type":"cnn","input_shape":[1,8,8],"outputs":3,"channels":[4],"fc":[6]}""", 6)]
    [InlineData("""{"type":"mlp","input_shape":[1,8,8],"outputs":3,"hidden":[5, 7]}""", 7)]
    public void Features_are_the_inputs_of_the_output_layer(string specJson, int width)
    {
        manual_seed(4);
        using var classifier = ModelFactory.Create(ModelFactoryTests.Spec(specJson));
        using var features = new ClassifierFeatures(classifier);
        using var scope = NewDisposeScope();
        var inputs = randn(7, 1, 8, 8);

        var extracted = features.Extract(inputs, batchSize: 3);

        features.Width.Should().Be(width);
        extracted.shape.Should().Equal(7, width);
        // The output layer applied to the features gives the classifier's logits.
        var output = classifier.modules().OfType<TorchSharp.Modules.Linear>().Last();
        classifier.eval();
        output.call(extracted).allclose(classifier.call(inputs), rtol: 1e-5, atol: 1e-6).Should().BeTrue();
    }
}
