namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>
/// Options of the <c>tpe</c> sampler (<c>sampler: {type: tpe, startup_trials: 10}</c>). The defaults are Optuna's
/// (TPESampler), except <see cref="Multivariate"/> and <see cref="JointNeighbourWidths"/>, on because they find better
/// points, and <see cref="ConstantLiar"/>, on so parallel workers spread out; <see cref="RecentTrials"/> is not
/// Optuna's.
/// </summary>
public sealed record TpeSamplerOptions
{
    /// <summary>Trials drawn at random before the model is used (complete and pruned trials count).</summary>
    /// <value>The default is 10.</value>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from the good-trial density l(x); the one maximising l(x)/g(x) wins.</summary>
    /// <value>The default is 24.</value>
    public int EiCandidates { get; init; } = 24;

    /// <summary>Fraction of the trials that count as good: the good set has min(ceil(fraction × n), <see cref="GammaMax"/>) trials.</summary>
    /// <value>The default is 0.1.</value>
    public double Gamma { get; init; } = 0.1;

    /// <summary>The most trials the good set can hold.</summary>
    /// <value>The default is 25.</value>
    public int GammaMax { get; init; } = 25;

    /// <summary>
    /// The most trials outside the good set that g(x) is fitted to: the most recent ones (running ones included).
    /// Bounds the sampler's cost per trial, which otherwise grows with the study (one kernel per trial: Optuna's
    /// TPE, which has no such bound, slows from 70 to 9 trials/s over 1,000 trials, optuna#2172), and loses little:
    /// the fading weights already give the oldest the least weight, and proposals come from l(x), near the good
    /// trials, where old trials far away add next to nothing to g(x). It changes nothing before 200 + <see
    /// cref="GammaMax"/> trials; at 500 and 1,000 trials (bench/search, seeds 1000–1023) the median regret with 200
    /// is the same as with no limit on Hartmann-6 (0.128/0.126) and Rosenbrock-10 (267/48.6), lower on Branin
    /// (5.3e−4/1.8e−4 against 6.0e−4/5.0e−4). The default sampler's CPU time per trial is then 0.30 ms at trial
    /// 1,000 and 0.39 ms at trial 10,000, where with no limit it was 2.1 ms at 1,000 and kept growing.
    /// </summary>
    /// <value>The default is 200.</value>
    public int RecentTrials { get; init; } = 200;

    /// <summary>Weight of the prior (a wide kernel at the centre of the range, or a uniform over choices) against one observation.</summary>
    /// <value>The default is 1.0.</value>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Whether the prior kernel is part of each density.</summary>
    /// <value>The default is true.</value>
    public bool ConsiderPrior { get; init; } = true;

    /// <summary>Whether kernel widths are clipped below at range / min(100, 1 + n), so a cluster of close observations cannot collapse the density.</summary>
    /// <value>The default is true.</value>
    public bool ConsiderMagicClip { get; init; } = true;

    /// <summary>Whether the range's ends count as neighbours when the outermost kernels' widths are computed.</summary>
    /// <value>The default is false.</value>
    public bool ConsiderEndpoints { get; init; }

    /// <summary>
    /// Whether each continuous kernel is a normalised density (divided by its width). False, the default, leaves the
    /// 1/σ out, as Optuna's TPE did up to 3.4 (optuna#5109, fixed in 3.5): wide kernels, in sparsely observed regions,
    /// then weigh more, which makes the sampler exploit more; true gives the textbook density. Neither form wins
    /// everywhere (median regret @50/@100/@200, joint widths on). Normalised joint kernels, over 120 seeds (1000–1119):
    /// Hartmann-6 0.368/0.142/0.0373 against 0.441/0.217/0.127 (un-normalised more often stalls in its second basin),
    /// Rosenbrock-10 1.36e4/3157/782 against 1.43e4/3436/824, but Branin 0.163/0.0230/0.00264 against
    /// 0.0606/0.0087/0.0015; on a 2-D diagonal valley (TpeSamplerTests, 60 trials, 40 seeds) the median best is 0.61
    /// against 0.26, and univariate TPE with normalised kernels is 3.4× worse on Rosenbrock-10. As most searches have
    /// a few parameters, the default stays un-normalised, with joint densities normalised beyond 2 parameters' worth
    /// (<see cref="UnnormalizedDimensions"/>); those figures are with nothing normalised.
    /// </summary>
    /// <value>The default is false.</value>
    public bool NormalizedKernels { get; init; }

    /// <summary>
    /// Without <see cref="NormalizedKernels"/>, how many parameters' worth of 1/σ a joint density leaves out. Leaving
    /// out 1/σ in every parameter, as Optuna's un-normalised multivariate density does, favours a kernel twice as wide
    /// in each of d parameters by 2^d: in 6 or 10 dimensions that swamps the density, and the search stalls in the
    /// first basin it found. The default, 2, keeps σ^(1 − 2/d) of the normalisation in each of the d continuous
    /// parameters, so a joint density favours wide kernels as much as a 2-parameter one does, whatever d: 2-parameter
    /// densities and univariate TPE are unchanged, and so is the behaviour that makes un-normalised kernels better
    /// there. Median regret @50/@100/@200 against the density with nothing normalised (seeds 1000–1119, not the
    /// bench's): Hartmann-6 0.362/0.171/0.046 against 0.441/0.217/0.127 (Optuna 3.1: 0.617/0.247/0.113),
    /// Rosenbrock-10 1.31e4/3049/772 against 1.43e4/3436/824 (Optuna: 1.60e4/4370/1398); on seeds 2000–2119,
    /// Hartmann-6 0.377/0.175/0.053 against 0.397/0.193/0.123 (Optuna: 0.642/0.248/0.119). 1 normalises more
    /// (Hartmann-6 0.031 @200) but makes Branin 1.4–1.9× worse; 3 and 4 lie between 2 and no normalisation. A value at
    /// least the number of parameters normalises nothing (Optuna's density).
    /// </summary>
    /// <value>The default is 2.</value>
    public double UnnormalizedDimensions { get; init; } = 2;

    /// <summary>
    /// Whether the parameters every trial has are drawn from one joint density (Optuna's <c>multivariate=True</c>;
    /// Falkner et al., BOHB, 2018) rather than each from its own; conditional parameters stay univariate. On by
    /// default, unlike Optuna: a joint kernel keeps how parameters go together, and on the bench/search functions
    /// (100 seeds, 50 and 100 trials) its median regret is 4–5× lower than Optuna 3.1's univariate default's on
    /// Branin, 1.2–1.6× lower on Hartmann-6, and the same on Rosenbrock-10.
    /// </summary>
    /// <value>The default is true.</value>
    public bool Multivariate { get; init; } = true;

    /// <summary>
    /// With <see cref="Multivariate"/>, whether every joint kernel of a numeric parameter has one width, 0.2 n^(−1/(d+4))
    /// of its range (Scott's rule as BOHB and Optuna's <c>multivariate=True</c> use it), rather than its own, the
    /// distance to its farther neighbour as in univariate TPE. False, the default, narrows the kernels where good
    /// points cluster: on the bench/search functions (100 seeds, 50 and 100 trials) Scott's widths give a 5–8× higher
    /// median regret on Branin, a little higher on Hartmann-6, and a lower one on Rosenbrock-10 at 50 trials only
    /// (1.2e4 against 1.7e4); true gives Optuna's density.
    /// </summary>
    /// <value>The default is false.</value>
    public bool ScottBandwidth { get; init; }

    /// <summary>
    /// With <see cref="Multivariate"/> (and not <see cref="ScottBandwidth"/>), whether the widths of the good trials'
    /// joint kernels also look at the joint space: each is the geometric mean of the univariate width (the distance
    /// to the farther neighbour along the parameter, clipped) and the distance to the nearest other good trial over
    /// all numeric parameters (in the unit cube, divided by √d, times the range), clipped again. Per-axis widths
    /// cannot tell a good trial inside a cluster of good trials from an isolated one, since in many dimensions points
    /// close along every axis are seldom close together; the joint distance narrows the kernels of a cluster the
    /// search is refining and widens those of isolated good trials. In 2 dimensions the two distances are about
    /// equal. On the bench/search functions, tuning seeds 1000–1199 (not the bench's), median regret @50/@100/@200:
    /// Rosenbrock-10 1.41e4/3251/816 against 1.70e4/4305/1043; Branin 0.058/0.0091/0.0014 against
    /// 0.061/0.0077/0.0012; Hartmann-6 0.43/0.21/0.125 against 0.42/0.18/0.129. Blends tried on the same seeds and
    /// dropped: the joint distance alone (Rosenbrock-10 1.59e4/3677/886), the larger of the two (worse than per-axis),
    /// the second-nearest neighbour, joint widths in g(x) too (no change), 12 or 48 EI candidates. False gives
    /// univariate TPE's per-axis widths.
    /// </summary>
    /// <value>The default is true.</value>
    public bool JointNeighbourWidths { get; init; } = true;

    /// <summary>
    /// Whether running trials count as the worst observations (in g(x)), so that workers of a parallel study do not
    /// propose the points others are evaluating (optuna#1547). Running trials do not change a sequential study.
    /// </summary>
    /// <value>The default is true.</value>
    public bool ConstantLiar { get; init; } = true;
}
