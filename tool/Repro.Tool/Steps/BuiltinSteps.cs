using Repro.Core.Steps;
using Repro.Training.Steps;

namespace Repro.Tool.Steps;

/// <summary>Every built-in step the tool can run for a <c>uses:</c> stage (DESIGN.md §7).</summary>
public static class BuiltinSteps
{
    /// <summary>A catalogue of every built-in step.</summary>
    public static StepCatalog Create() => new(All());

    private static IEnumerable<IBuiltinStep> All()
    {
        yield return MnistStep.FashionMnist();
        yield return MnistStep.Mnist();
        yield return new Cifar10Step();
        yield return new CsvStep();
        yield return new SequenceStep();
        yield return new TrainStep();
        yield return new EvaluateStep();
        yield return new TextStep();
        yield return new GenerateStep();
    }
}
