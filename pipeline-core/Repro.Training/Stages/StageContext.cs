using System.Globalization;
using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Training.Reporting;
using Repro.Training.Training;
using TorchSharp;

namespace Repro.Training.Stages;

/// <summary>
/// Everything a custom trainer (a <c>run:</c> stage using Repro.Training as a library) gets from the engine: its
/// parameters, its seed, where the pipeline says its outputs go, and the channels back (per-epoch metrics, the
/// prune/stop control file), with the same seeding, logging and metric files as the built-in <c>train</c> step.
/// </summary>
/// <example>
/// <code>
/// return StageContext.Run(stage =>
/// {
///     var settings = stage.SetupTorch();                      // device, threads, torch seed, TF32 off
///     var lr = stage.Params.Get&lt;double&gt;("train.lr");
///     ...
///     var result = new Trainer(model, optimizer, scheduler, stage.TrainerOptions(epochs, batchSize)).Fit(train, val, stage.Reporter);
///     ModelFile.Save(model, stage.OutPath(0));
///     stage.WriteMetrics(TrainingMetrics.From(result, model.ParameterCount, settings, stage.Params.Section("train")));
///     return 0;
/// });
/// </code>
/// </example>
public sealed class StageContext : IDisposable
{
    private readonly MetricsReporter metricsStream;
    private readonly ControlFile control;
    private EpochReporter? reporter;

    private StageContext(Func<string, string?> variables, string projectDirPath, TextWriter log)
    {
        string? Read(string name) => variables(name) is { Length: > 0 } value ? value : null;
        ProjectDirPath = projectDirPath;
        Log = log;
        IsUnderRepro = Read(StageVariables.Stage) is not null;
        Stage = Read(StageVariables.Stage) ?? "local";
        RunId = Read(StageVariables.RunId);
        Seed = Read(StageVariables.Seed) is { } seed ? ParseWhole(StageVariables.Seed, seed) : 0;
        ThreadBudget = Read(StageVariables.Threads) is { } threads ? (int)ParseWhole(StageVariables.Threads, threads) : 0;
        var paramsPath = Read(StageVariables.Params);
        Params = paramsPath is null ? new StageParams([], "the parameters (none: not run by Repro)") : StageParams.Load(paramsPath);
        RunDirPath = Read(StageVariables.RunDir) ?? (paramsPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(paramsPath)));
        Outs = Paths(Read(StageVariables.Outs));
        MetricsPaths = Paths(Read(StageVariables.MetricsFiles));
        PlotPaths = Paths(Read(StageVariables.PlotFiles));
        metricsStream = new MetricsReporter(Read(StageVariables.MetricsStream));
        control = ControlFile.FromVariables(Read);
    }

    /// <summary>The stage's name (<c>local</c> when not run by Repro).</summary>
    public string Stage { get; }

    /// <summary>Whether the engine started this process (<c>REPRO_STAGE</c> is set).</summary>
    public bool IsUnderRepro { get; }

    /// <summary>The experiment's id, or null when not run by Repro.</summary>
    public string? RunId { get; }

    /// <summary>The stage's effective seed; 0 when not run by Repro.</summary>
    public long Seed { get; }

    /// <summary>The intra-op threads the engine grants this stage (<c>REPRO_THREADS</c>); 0 when it sets none (every core).</summary>
    public int ThreadBudget { get; }

    /// <summary>The run's parameters.</summary>
    public StageParams Params { get; }

    /// <summary>The project folder (the folder of pipeline.yaml; the stage's working folder).</summary>
    public string ProjectDirPath { get; }

    /// <summary>The run's folder (<c>.repro/runs/&lt;id&gt;</c>), or null when not run by Repro.</summary>
    public string? RunDirPath { get; }

    /// <summary>The declared <c>outs</c>, as absolute paths, in declaration order.</summary>
    public IReadOnlyList<string> Outs { get; }

    /// <summary>The declared <c>metrics</c> files, as absolute paths.</summary>
    public IReadOnlyList<string> MetricsPaths { get; }

    /// <summary>The declared <c>plots</c> files, as absolute paths.</summary>
    public IReadOnlyList<string> PlotPaths { get; }

    /// <summary>Where log lines go: standard error, as for the built-in steps (the engine shows and stores it).</summary>
    public TextWriter Log { get; }

    /// <summary>
    /// Where checkpoints go: <c>&lt;run&gt;/checkpoints/&lt;stage&gt;</c>, as for the built-in <c>train</c> step;
    /// null when not run by Repro (checkpoints are then kept in memory only).
    /// </summary>
    public string? CheckpointDirPath => RunDirPath is null ? null : Path.Combine(RunDirPath, "checkpoints", Stage);

    /// <summary>What <see cref="SetupTorch"/> chose, once it has been called.</summary>
    public TorchSettings? Torch { get; private set; }

    /// <summary>What the engine asks for now: carry on, prune (search) or stop (interrupted).</summary>
    public ControlCommand Control => control.Read();

    /// <summary>Whether the engine asked this stage to end (a pruned trial or an interrupted run): stop at the next epoch boundary.</summary>
    public bool ShouldStop => Control != ControlCommand.None;

    /// <summary>
    /// The per-epoch reporter: log line, history CSV in <c>plots[0]</c> (when declared), metrics stream and control
    /// file. Pass it to <see cref="Trainer.Fit"/>, or call <see cref="ReportEpoch"/> from a loop of your own.
    /// </summary>
    public EpochReporter Reporter =>
        reporter ??= new EpochReporter(Stage, Log, metricsStream, control, PlotPaths.Count > 0 ? PlotPaths[0] : null);

    /// <summary>Reads the stage's context from the environment the engine sets (see <see cref="StageVariables"/>).</summary>
    public static StageContext FromEnvironment(TextWriter? log = null) =>
        FromVariables(Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), log);

    /// <summary>A context from <paramref name="variables"/> instead of the process environment (tests, embedding).</summary>
    public static StageContext FromVariables(Func<string, string?> variables, string projectDirPath, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(projectDirPath);
        return new StageContext(variables, Path.GetFullPath(projectDirPath), log ?? Console.Error);
    }

    /// <summary>
    /// Runs <paramref name="body"/> with the context from the environment and returns its exit code; a
    /// <see cref="ReproException"/> (a bad parameter, a missing file) is printed as the tool prints it and gives exit code 2.
    /// </summary>
    public static int Run(Func<StageContext, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var context = FromEnvironment();
            return body(context);
        }
        catch (ReproException ex)
        {
            foreach (var diagnostic in ex.Diagnostics)
                Console.Error.WriteLine(diagnostic);
            return 2;
        }
    }

    /// <summary>
    /// Puts torch in the state the built-in trainer starts from: the device (<c>auto</c> = CUDA when available), the
    /// thread count (<paramref name="threads"/>, else <see cref="ThreadBudget"/>, else all cores), torch's global seed from <see cref="Seed"/>, TF32 off on CUDA.
    /// Call it before building the model, so its initial weights are seeded.
    /// </summary>
    public TorchSettings SetupTorch(string device = "auto", int threads = 0)
    {
        Torch = TorchSetup.Apply(device, threads > 0 ? threads : ThreadBudget, Seed);
        Log.WriteLine(
            $"{Stage}: seed {Seed.ToString(CultureInfo.InvariantCulture)}, {Torch.Device.type.ToString().ToLowerInvariant()}, {Torch.Threads} threads, {Torch.Determinism}"
        );
        return Torch;
    }

    /// <summary>A generator seeded from <see cref="Seed"/>, for shuffling and augmentation in a loop of your own.</summary>
    public torch.Generator CreateGenerator() => new((ulong)Seed);

    /// <summary>
    /// <see cref="Training.TrainerOptions"/> seeded from <see cref="Seed"/>, with checkpoints (<c>last.ckpt</c>,
    /// <c>best.pt</c>) in <see cref="CheckpointDirPath"/>.
    /// </summary>
    public TrainerOptions TrainerOptions(int epochs, int batchSize) =>
        new()
        {
            Epochs = epochs,
            BatchSize = batchSize,
            Seed = Seed,
            CheckpointDirPath = CheckpointDirPath,
        };

    /// <summary>Reports one epoch (see <see cref="Reporter"/>); false when the engine asked to stop.</summary>
    public bool ReportEpoch(EpochMetrics metrics) => Reporter.EpochEnded(metrics);

    /// <summary>Appends any values at <paramref name="step"/> to the metrics stream (no log line, no control check).</summary>
    public void Report(long step, IEnumerable<KeyValuePair<string, double>> values) => metricsStream.Report(step, values);

    /// <summary>
    /// After <see cref="Report"/> in a loop of your own: waits for the engine's verdict on <paramref name="step"/> when a
    /// search pruner judges this trial (else only looks) and says whether to go on; false when pruned or asked to stop.
    /// </summary>
    public bool ContinueAfter(long step) => control.AfterEpoch(Stage, step, Log) == ControlCommand.None;

    /// <summary>The declared out number <paramref name="index"/>; a <see cref="ReproException"/> when the stage declares fewer.</summary>
    public string OutPath(int index = 0) => Declared(Outs, index, "outs", "the model file");

    /// <summary>Writes <paramref name="metrics"/> to the declared metrics file number <paramref name="index"/>.</summary>
    public void WriteMetrics(JsonObject metrics, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        TrainingMetrics.Write(Declared(MetricsPaths, index, "metrics", "a metrics JSON file"), metrics);
    }

    public void Dispose() => metricsStream.Dispose();

    private string Declared(IReadOnlyList<string> paths, int index, string key, string what)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (index < paths.Count)
            return paths[index];
        throw new ReproException(
            IsUnderRepro
                ? $"stage '{Stage}' declares {paths.Count} {key} path(s); this trainer writes {what} to {key}[{index}]"
                : $"this trainer writes {what} to {key}[{index}] of its stage, but it was not started by Repro",
            IsUnderRepro ? $"add the path to the stage's {key}: in pipeline.yaml" : "run it with `dotnet repro run <stage>`"
        );
    }

    private IReadOnlyList<string> Paths(string? joined) =>
        joined is null
            ? []
            : [.. joined.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(p => Path.GetFullPath(p, ProjectDirPath))];

    private static long ParseWhole(string variable, string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ReproException($"{variable} is '{text}', which is not a whole number");
}
