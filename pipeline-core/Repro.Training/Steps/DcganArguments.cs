using Repro.Core.Steps;
using Repro.Training.Optimizers;

namespace Repro.Training.Steps;

/// <summary>The <c>with:</c> arguments of a <c>train</c> stage whose model is a <c>dcgan</c> (<see cref="DcganTrainStep"/>).</summary>
public sealed record DcganArguments : TrainStepArguments
{
    private static readonly OptimizerSpec DefaultOptimizer = new()
    {
        Type = "adam",
        Lr = 2e-4,
        Beta1 = 0.5,
    };

    /// <summary>A classifier model file for the Fréchet distance, as written; null computes none.</summary>
    public string? Classifier { get; init; }

    /// <summary><c>model.latent</c>: the noise size. <value>The default is 64.</value></summary>
    public int Latent { get; init; } = 64;

    /// <summary><c>model.g_channels</c>: the generator's width. <value>The default is 32.</value></summary>
    public int GChannels { get; init; } = 32;

    /// <summary><c>model.d_channels</c>: the discriminator's width. <value>The default is 32.</value></summary>
    public int DChannels { get; init; } = 32;

    /// <summary>The generator's optimizer: Adam, lr 2e-4, β1 0.5, when absent.</summary>
    public required OptimizerSpec OptimizerG { get; init; }

    /// <summary>The discriminator's optimizer: Adam, lr 2e-4, β1 0.5, when absent.</summary>
    public required OptimizerSpec OptimizerD { get; init; }

    /// <summary><value>The default is 5.</value></summary>
    public int Epochs { get; init; } = 5;

    /// <summary><value>The default is 64.</value></summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>One-sided label smoothing of the real labels. <value>The default is 0.</value></summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Images compared for the Fréchet distance. <value>The default is 1000.</value></summary>
    public int FrechetSamples { get; init; } = 1000;

    /// <summary>Images in each epoch's grid. <value>The default is 64.</value></summary>
    public int GridSamples { get; init; } = 64;

    internal static DcganArguments Read(StepArguments with, StepArguments m) =>
        new()
        {
            Data = with.GetString("data"),
            Classifier = with.GetOptionalString("classifier"),
            Latent = m.GetInt("latent", 64, min: 1),
            GChannels = m.GetInt("g_channels", 32, min: 1),
            DChannels = m.GetInt("d_channels", 32, min: 1),
            OptimizerG = ReadOptimizer(with.GetOptionalSection("optimizer_g", shorthandKey: "type")),
            OptimizerD = ReadOptimizer(with.GetOptionalSection("optimizer_d", shorthandKey: "type")),
            Epochs = with.GetInt("epochs", 5, min: 1),
            BatchSize = with.GetInt("batch_size", 64, min: 2),
            LabelSmoothing = with.GetDouble("label_smoothing", 0, NumberRange.FractionBelowOne),
            FrechetSamples = with.GetInt("frechet_samples", 1000, min: 2),
            GridSamples = with.GetInt("grid_samples", 64, min: 1),
            Device = TorchSetup.ReadDevice(with),
        };

    private static OptimizerSpec ReadOptimizer(StepArguments? section) =>
        section is null ? DefaultOptimizer.Resolve() : TrainArguments.ReadOptimizer(section, null);
}
