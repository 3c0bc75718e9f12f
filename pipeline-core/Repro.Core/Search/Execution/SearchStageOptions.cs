using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Graph;
using Repro.Core.Pipeline;
using Repro.Core.Search.Pruners;
using Repro.Core.Search.Samplers;

namespace Repro.Core.Search.Execution;

/// <summary>
/// The <c>with:</c> of a <c>uses: search</c> stage (DESIGN.md §7), read and checked against the pipeline:
/// <c>stage</c>, <c>space</c>, <c>sampler</c>, <c>trials</c>, <c>timeout</c>, <c>parallel</c>, <c>pruner</c>,
/// <c>objective: {metric, direction, stage}</c>, <c>seed</c> and <c>prune_grace</c>.
/// </summary>
public sealed record SearchStageOptions
{
    /// <summary>Every key a search stage's <c>with:</c> may hold.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    ["stage", "space", "sampler", "trials", "timeout", "parallel", "pruner", "objective", "seed", "prune_grace"];

    /// <summary>
    /// The search stage's name. Its first study is named after it; a changed <see cref="Definition"/> starts the next one,
    /// <c>tune@2</c> (<see cref="StageStudies"/>).
    /// </summary>
    public required string StudyName { get; init; }

    /// <summary>What the trials of this search share: its study is the stage's study with this definition.</summary>
    public required StudyDefinition Definition { get; init; }

    /// <summary>The stage whose params are searched; the trial seed replaces its seed.</summary>
    public required string Target { get; init; }

    /// <summary>The stage whose metrics hold the objective: <see cref="Target"/> or a stage after it (an evaluate).</summary>
    public required string ObjectiveStage { get; init; }

    public required string Metric { get; init; }

    public required StudyDirection Direction { get; init; }

    public required SearchSpace.SearchSpace Space { get; init; }

    public required ISampler Sampler { get; init; }

    public required IPruner Pruner { get; init; }

    /// <summary>How many trials the study should have finished (those of earlier runs count).</summary>
    /// <value>The default is 20.</value>
    public int Trials { get; init; } = 20;

    /// <summary>Trials run at once, each in its own process and workspace copy.</summary>
    /// <value>The default is 1.</value>
    public int Parallel { get; init; } = 1;

    /// <summary>No trial starts after this much time; running ones finish. Null for no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How long a pruned trial may take to stop by itself after <c>prune</c> is written to its control file.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan PruneGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The study seed: <c>with.seed</c>, else the search stage's own seed.</summary>
    public required long Seed { get; init; }

    /// <summary>The folder that receives <c>best.yaml</c>, <c>trials.csv</c> and <c>trials.json</c>, relative to the project.</summary>
    public required string OutDirPath { get; init; }

    /// <summary>Reads and checks the search stage <paramref name="stage"/> of <paramref name="pipeline"/>; every problem is thrown at once.</summary>
    /// <param name="pipeline">The loaded pipeline.</param>
    /// <param name="stage">The search stage.</param>
    /// <param name="seed">The seed the stage runs with (its own unless overridden).</param>
    public static SearchStageOptions Read(PipelineFile pipeline, Stage stage, long seed)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(stage);
        var with = stage.With;
        var locations = stage.WithLocations;
        var problems = new List<Diagnostic>();
        SourceLocation At(string path) => locations.TryGetValue(path, out var at) ? at : stage.At;

        foreach (var (key, _) in with)
            if (!Keys.Contains(key))
                problems.Add(SearchErrors.UnknownOption(At($"with.{key}"), $"search stage '{stage.Name}'", key, Keys));

        var target = Text(with["stage"]);
        var graph = new StageGraph(pipeline);
        if (target is null)
            problems.Add(SearchErrors.MissingOption(At("with"), stage.Name, "stage", "the stage whose params are searched, stage: train"));
        else if (!pipeline.TryGetStage(target, out var targetStage))
        {
            problems.Add(SearchErrors.UnknownTarget(At("with.stage"), target, pipeline.Stages.Where(s => !s.IsSearch).Select(s => s.Name)));
            target = null;
        }
        else if (targetStage.IsSearch)
        {
            problems.Add(SearchErrors.TargetIsSearch(At("with.stage"), target));
            target = null;
        }

        var objective = with["objective"] as JsonObject;
        string? metric = null;
        var direction = StudyDirection.Minimize;
        var objectiveStage = target;
        if (objective is null)
            problems.Add(
                SearchErrors.MissingOption(
                    At("with"),
                    stage.Name,
                    "objective",
                    "the metric to optimise, objective: {metric: val_acc, direction: maximize}"
                )
            );
        else
        {
            foreach (var (key, _) in objective)
                if (key is not ("metric" or "direction" or "stage"))
                    problems.Add(
                        SearchErrors.UnknownOption(At($"with.objective.{key}"), "objective", key, ["metric", "direction", "stage"])
                    );
            metric = Text(objective["metric"]);
            if (metric is null)
                problems.Add(
                    SearchErrors.MissingOption(At("with.objective"), stage.Name, "objective.metric", "a metric key, such as val_acc")
                );
            switch (Text(objective["direction"]))
            {
                case null or "minimize" or "min":
                    break;
                case "maximize" or "max":
                    direction = StudyDirection.Maximize;
                    break;
                default:
                    problems.Add(SearchErrors.BadOption(At("with.objective.direction"), "direction", "minimize or maximize"));
                    break;
            }
            if (objective["stage"] is { } objectiveNode)
            {
                objectiveStage = Text(objectiveNode);
                if (objectiveStage is null || !pipeline.TryGetStage(objectiveStage, out _))
                {
                    problems.Add(
                        SearchErrors.UnknownTarget(At("with.objective.stage"), objectiveStage ?? "", pipeline.Stages.Select(s => s.Name))
                    );
                    objectiveStage = target;
                }
                else if (target is not null && !graph.Closure([objectiveStage]).Any(s => s.Name == target))
                {
                    problems.Add(SearchErrors.ObjectiveNotDownstream(At("with.objective.stage"), objectiveStage, target));
                    objectiveStage = target;
                }
            }
        }

        SearchSpace.SearchSpace? space = null;
        if (with["space"] is JsonObject spaceNode)
        {
            try
            {
                space = SearchSpace.SearchSpace.Parse(spaceNode, locations, "with.space", At("with.space"));
            }
            catch (ReproException ex)
            {
                problems.AddRange(ex.Diagnostics);
            }
            var known = ParamTree.Names(pipeline.Params);
            foreach (var (name, _) in spaceNode)
                if (!ParamTree.TryGet(pipeline.Params, name, out _))
                    problems.Add(PipelineErrors.UnknownParameter(At($"with.space.{name}"), name, known));
        }
        else
            problems.Add(
                SearchErrors.MissingOption(
                    At("with"),
                    stage.Name,
                    "space",
                    "a mapping of parameters, space: { train.lr: \"loguniform(1e-4, 1e-1)\" }"
                )
            );

        ISampler? sampler = null;
        IPruner? pruner = null;
        try
        {
            if (space is not null)
                sampler = SamplerFactory.Create(with["sampler"], space, locations);
            else if (
                with["sampler"] is { } samplerNode
                && (samplerNode is JsonObject o ? o["type"] : samplerNode) is JsonValue named
                && named.TryGetValue<string>(out var samplerName)
                && !SamplerFactory.Names.Contains(samplerName)
            )
                problems.Add(SearchErrors.UnknownSampler(At("with.sampler"), samplerName));
        }
        catch (ReproException ex)
        {
            problems.AddRange(ex.Diagnostics);
        }
        try
        {
            pruner = PrunerFactory.Create(with["pruner"], locations);
        }
        catch (ReproException ex)
        {
            problems.AddRange(ex.Diagnostics);
        }

        var trials = Integer(with["trials"], "trials", 1, 20, At("with.trials"), problems);
        var parallel = Integer(with["parallel"], "parallel", 1, 1, At("with.parallel"), problems);
        var timeout = with["timeout"] is { } timeoutNode ? Duration(timeoutNode, "timeout", At("with.timeout"), problems) : null;
        var grace = with["prune_grace"] is { } graceNode ? Duration(graceNode, "prune_grace", At("with.prune_grace"), problems) : null;
        long studySeed = seed;
        if (with["seed"] is { } seedNode)
        {
            if (OptionReader.WholeNumber(seedNode) is { } s)
                studySeed = s;
            else
                problems.Add(SearchErrors.BadOption(At("with.seed"), "seed", "a whole number"));
        }

        var outDir = OutDir(stage);
        if (outDir is null)
            problems.Add(SearchErrors.NoOutDir(stage.At, stage.Name));

        if (problems.Count > 0)
            throw new ReproException(problems);
        return new SearchStageOptions
        {
            StudyName = stage.Name,
            Definition = new StudyDefinition(target!, objectiveStage!, metric!, direction, studySeed, space!),
            Target = target!,
            ObjectiveStage = objectiveStage!,
            Metric = metric!,
            Direction = direction,
            Space = space!,
            Sampler = sampler!,
            Pruner = pruner!,
            Trials = trials,
            Parallel = parallel,
            Timeout = timeout,
            PruneGrace = grace ?? TimeSpan.FromSeconds(10),
            Seed = studySeed,
            OutDirPath = outDir!,
        };
    }

    /// <summary>Checks every search stage of <paramref name="pipeline"/> among <paramref name="stages"/>, so a bad one fails before anything runs.</summary>
    public static void Validate(PipelineFile pipeline, IEnumerable<Stage> stages)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(stages);
        var problems = new List<Diagnostic>();
        foreach (var stage in stages.Where(s => s.IsSearch))
        {
            try
            {
                Read(pipeline, stage, stage.Seed);
            }
            catch (ReproException ex)
            {
                problems.AddRange(ex.Diagnostics);
            }
        }
        if (problems.Count > 0)
            throw new ReproException(problems);
    }

    /// <summary>
    /// Where the study's files go: the folder of a declared <c>best.yaml</c>, else the first declared out without an
    /// extension (a folder); null when the stage declares neither.
    /// </summary>
    private static string? OutDir(Stage stage)
    {
        foreach (var output in stage.Outs)
            if (Path.GetFileName(output.Path.TrimEnd('/')) == "best.yaml")
                return Path.GetDirectoryName(output.Path.TrimEnd('/')) ?? "";
        foreach (var output in stage.Outs)
            if (output.Path.EndsWith('/') || Path.GetExtension(output.Path).Length == 0)
                return output.Path.TrimEnd('/');
        return null;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s ? s : null;

    private static int Integer(JsonNode? node, string key, int min, int fallback, SourceLocation at, List<Diagnostic> problems)
    {
        if (node is null)
            return fallback;
        if (OptionReader.WholeNumber(node) is { } i && i >= min && i <= int.MaxValue)
            return (int)i;
        problems.Add(SearchErrors.BadOption(at, key, $"a whole number of at least {min}"));
        return fallback;
    }

    /// <summary>Seconds as a number, or text with a unit: <c>90s</c>, <c>30m</c>, <c>2h</c>.</summary>
    private static TimeSpan? Duration(JsonNode node, string key, SourceLocation at, List<Diagnostic> problems)
    {
        if (node is JsonValue v)
        {
            if (OptionReader.WholeNumber(v) is { } whole && whole > 0)
                return TimeSpan.FromSeconds(whole);
            if (v.TryGetValue<double>(out var seconds) && seconds > 0)
                return TimeSpan.FromSeconds(seconds);
            if (v.TryGetValue<string>(out var text) && text.Length > 1)
            {
                var unit = text[^1] switch
                {
                    's' => 1,
                    'm' => 60,
                    'h' => 3600,
                    _ => 0,
                };
                if (unit > 0 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
                    return TimeSpan.FromSeconds(n * unit);
            }
        }
        problems.Add(SearchErrors.BadOption(at, key, "a positive number of seconds, or a duration such as 90s, 30m or 2h"));
        return null;
    }
}
