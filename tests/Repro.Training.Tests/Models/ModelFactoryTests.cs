using Repro.Core;
using Repro.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Models;

[Collection("Torch")]
public class ModelFactoryTests
{
    public static TheoryData<string, long[]> EveryModel() =>
        new()
        {
            { """{"type":"mlp","input_shape":[12],"outputs":3,"hidden":[16,8],"dropout":0.1}""", [12] },
            { """{"type":"cnn","input_shape":[1,28,28],"outputs":10,"channels":[4,8],"dropout":0.25}""", [1, 28, 28] },
            {
                """{"type":"cnn","input_shape":[3,16,16],"outputs":5,"channels":[4],"pooling":"avg","global_pool":true,"batchnorm":false}""",
                [3, 16, 16]
            },
            { """{"type":"resnet","input_shape":[3,16,16],"outputs":4,"channels":[8,16],"blocks":1}""", [3, 16, 16] },
            { """{"type":"lightcnn","input_shape":[1,28,28],"outputs":10,"channels":[16,32]}""", [1, 28, 28] },
            { """{"type":"lstm","input_shape":[7,3],"outputs":2,"hidden_size":8,"layers":2,"bidirectional":true,"dropout":0.1}""", [7, 3] },
            { """{"type":"gru","input_shape":[7,3],"outputs":2,"hidden_size":8}""", [7, 3] },
            { """{"type":"transformer","input_shape":[7,3],"outputs":2,"hidden_size":8,"heads":2,"feed_forward":16}""", [7, 3] },
        };

    [Theory, MemberData(nameof(EveryModel))]
    public void Every_model_maps_a_batch_to_one_row_of_outputs_per_sample(string json, long[] sampleShape)
    {
        manual_seed(1);
        var spec = Spec(json);
        using var model = ModelFactory.Create(spec);
        model.eval();
        using var input = randn([5, .. sampleShape]);

        using var output = model.call(input);

        output.shape.Should().Equal(5, spec.Outputs);
        model.ParameterCount.Should().BeGreaterThan(0);
    }

    [Fact]
    public void The_lightcnn_stays_within_a_small_parameter_budget_next_to_the_cnn()
    {
        using var light = ModelFactory.Create(Spec("""{"type":"lightcnn","input_shape":[1,28,28],"outputs":10,"channels":[32,64]}"""));
        using var cnn = ModelFactory.Create(Spec("""{"type":"cnn","input_shape":[1,28,28],"outputs":10,"channels":[32,64]}"""));

        light.ParameterCount.Should().BeLessThan(cnn.ParameterCount / 10);
    }

    [Theory]
    [InlineData("lstm", false)]
    [InlineData("lstm", true)]
    [InlineData("gru", false)]
    [InlineData("gru", true)]
    [InlineData("transformer", false)]
    public void Padding_values_never_change_a_sequence_models_output(string type, bool bidirectional)
    {
        manual_seed(3);
        using var model = ModelFactory.Create(
            Spec(
                $$"""{"type":"{{type}}","input_shape":[6,2],"outputs":3,"hidden_size":8,"heads":2,"feed_forward":8,"layers":2,"bidirectional":{{(bidirectional ? "true" : "false")}}}"""
            )
        );
        model.eval();
        using var lengths = tensor(new long[] { 2, 6, 4 });
        using var input = randn(3, 6, 2);
        using var padded = input.clone();
        using var mask = arange(6).unsqueeze(0).ge(lengths.unsqueeze(1)).unsqueeze(-1).expand(3, 6, 2);
        padded.masked_fill_(mask, 1000f);
        using var noGrad = no_grad();

        using var clean = model.Forward(input, lengths);
        using var noisy = model.Forward(padded, lengths);
        using var alone = model.Forward(input[0].narrow(0, 0, 2).unsqueeze(0), tensor(new long[] { 2 }));

        noisy.allclose(clean, rtol: 0, atol: 1e-6).Should().BeTrue();
        // The first sequence on its own (no padding at all) gives what it gave inside the padded batch.
        alone[0].allclose(clean[0], rtol: 1e-5, atol: 1e-6).Should().BeTrue();
    }

    [Theory]
    [InlineData("lstm", 16)]
    [InlineData("lstm", 64)]
    [InlineData("gru", 16)]
    public void A_recurrent_model_gives_the_same_outputs_in_evaluation_as_with_gradients(string type, int hidden)
    {
        // libtorch's oneDNN LSTM inference kernel disagreed with the training kernel at some sizes (see RecurrentClassifier).
        manual_seed(4);
        using var model = ModelFactory.Create(Spec($$"""{"type":"{{type}}","input_shape":[24,1],"outputs":1,"hidden_size":{{hidden}}}"""));
        model.eval();
        using var input = randn(16, 24, 1);

        using var withGradients = model.call(input);
        using var noGrad = no_grad();
        using var evaluated = model.call(input);

        evaluated.allclose(withGradients, rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void An_unknown_model_type_is_an_input_error_that_lists_the_types()
    {
        var act = () => ModelFactory.Create(Spec("""{"type":"vgg","input_shape":[3],"outputs":2}"""));

        act.Should().Throw<ReproException>().WithMessage("*unknown model type 'vgg'*mlp, cnn*");
    }

    internal static ModelSpec Spec(string json) => System.Text.Json.JsonSerializer.Deserialize<ModelSpec>(json, ModelFile.JsonOptions)!;
}
