using System.Globalization;

namespace Repro.Core.Search;

/// <summary>What an objective function gets in <see cref="Study.Optimize"/>: the trial's point and a way to report progress.</summary>
public sealed class TrialHandle
{
    private readonly Study study;

    internal TrialHandle(Study study, Trial trial)
    {
        this.study = study;
        Number = trial.Number;
        Seed = trial.Seed;
        Params = trial.Params;
    }

    public int Number { get; }

    /// <summary>The trial's seed, derived from the study seed and the trial number.</summary>
    public long Seed { get; }

    public IReadOnlyDictionary<string, object> Params { get; }

    /// <summary>True once the pruner has asked this trial to stop; the study records it as pruned whatever the objective returns.</summary>
    public bool IsPruned { get; private set; }

    /// <summary>A numeric parameter as a <see cref="double"/>.</summary>
    public double Float(string name) => Convert.ToDouble(Params[name], CultureInfo.InvariantCulture);

    /// <summary>An int parameter.</summary>
    public long Int(string name) => Convert.ToInt64(Params[name], CultureInfo.InvariantCulture);

    /// <summary>Records an intermediate value and returns true when the trial should stop now (it was pruned).</summary>
    public bool Report(int step, double value)
    {
        study.Report(Number, step, value);
        if (!IsPruned && study.ShouldPrune(Number))
            IsPruned = true;
        return IsPruned;
    }
}
