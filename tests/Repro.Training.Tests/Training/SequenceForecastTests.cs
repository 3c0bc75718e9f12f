using Repro.Training.Data;
using Repro.Training.Models;
using Repro.Training.Optimizers;
using Repro.Training.Schedulers;
using Repro.Training.Training;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Training;

[Collection("Torch")]
public class SequenceForecastTests
{
    [Fact]
    public void An_lstm_forecaster_beats_the_last_value_baseline_on_the_example_series()
    {
        // The series of examples/sequence/generate.awk: two tones and a little noise, windows of 24, next value.
        const int window = 24;
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var t = arange(900, dtype: float32);
        var series = (t * (2 * Math.PI / 24)).sin() + (t * (2 * Math.PI / 7)).sin() * 0.5 + randn([900], generator: generator) * 0.1;
        var windows = series.unfold(0, window + 1, 1);
        var x = windows.narrow(1, 0, window).unsqueeze(-1).contiguous();
        var y = windows.select(1, window).unsqueeze(1);
        var n = x.shape[0];
        var cut = n * 4 / 5;
        var train = new DatasetSplit(x.narrow(0, 0, cut), y.narrow(0, 0, cut));
        var val = new DatasetSplit(x.narrow(0, cut, n - cut), y.narrow(0, cut, n - cut));
        var naive = (val.X.select(1, window - 1) - val.Y).square().mean().item<float>();
        set_num_threads(1);
        manual_seed(7);
        var spec = new ModelSpec
        {
            Type = "lstm",
            InputShape = [window, 1],
            Outputs = 1,
            HiddenSize = 16,
            Task = "regression",
        };
        using var model = ModelFactory.Create(spec);
        using var optimizer = OptimizerFactory.Create(new OptimizerSpec { Type = "adam", Lr = 0.02 }, model.parameters());
        var options = new TrainerOptions
        {
            Epochs = 6,
            BatchSize = 16,
            Seed = 7,
            GradClip = 1,
        };
        var scheduler = SchedulerFactory.Create(
            new SchedulerSpec { Type = "cosine" },
            0.02,
            options.Epochs,
            Trainer.BatchesPerEpoch(cut, 16)
        );

        var result = new Trainer(model, optimizer, scheduler, options).Fit(train, val);

        result.History[^1].ValMse!.Value.Should().BeLessThan(naive / 2, $"the naive baseline's MSE is {naive:F4}");
        result.History[^1].ValMae.Should().NotBeNull();
    }
}
