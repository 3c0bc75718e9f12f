using Repro.Core.Steps;
using Repro.Training.Data;

namespace Repro.Training.Steps;

/// <summary>The <c>with:</c> arguments of <c>evaluate</c> (<see cref="EvaluateStep"/>).</summary>
public sealed record EvaluateArguments
{
    /// <summary>The prepared dataset folder, as written.</summary>
    public required string Data { get; init; }

    /// <summary>The model file written by <c>train</c>, as written.</summary>
    public required string Model { get; init; }

    /// <summary><c>train</c>, <c>val</c> or <c>test</c>. <value>The default is test.</value></summary>
    public string Split { get; init; } = "test";

    /// <summary><value>The default is 256.</value></summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Reads the arguments, recording every problem in <paramref name="with"/>.</summary>
    public static EvaluateArguments Read(StepArguments with)
    {
        ArgumentNullException.ThrowIfNull(with);
        return new EvaluateArguments
        {
            Data = with.GetString("data"),
            Model = with.GetString("model"),
            Split = with.GetEnum("split", PreparedDataset.SplitNames, "test", "split"),
            BatchSize = with.GetInt("batch_size", 256, min: 1),
        };
    }
}
