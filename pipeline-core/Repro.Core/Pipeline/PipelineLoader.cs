using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Repro.Core.Execution;
using Repro.Core.Graph;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Repro.Core.Pipeline;

/// <summary>
/// Reads pipeline.yaml and its parameter files into a <see cref="PipelineFile"/>, validating everything before anything runs.
/// Every problem is collected with its file, line and column; then one <see cref="ReproException"/> carries them all.
/// </summary>
public static partial class PipelineLoader
{
    private static readonly string[] TopKeys = ["seed", "params", "stages", "remotes", "store", "executor"];
    private static readonly string[] FutureTopKeys = [];
    private static readonly string[] BodyKeys =
    [
        "run",
        "uses",
        "with",
        "deps",
        "outs",
        "params",
        "metrics",
        "plots",
        "seed",
        "desc",
        "executor",
    ];
    private static readonly string[] StageKeys = [.. BodyKeys, "foreach", "matrix", "do"];

    /// <summary>Loads <c>pipeline.yaml</c> from <paramref name="projectDirPath"/>.</summary>
    public static PipelineFile Load(string projectDirPath, PipelineLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(projectDirPath);
        options ??= new PipelineLoadOptions();
        var project = Path.GetFullPath(projectDirPath);
        var context = new LoadContext(project, BuiltinNames.PipelineFileName, options);
        var pipeline = context.Load();
        if (context.Problems.Count > 0)
            throw new ReproException(context.Problems);
        return pipeline;
    }

    private sealed class LoadContext(string project, string fileName, PipelineLoadOptions options)
    {
        public List<Diagnostic> Problems { get; } = [];

        private JsonObject parameters = [];

        public PipelineFile Load()
        {
            var root = ReadYaml(fileName, "pipeline file", null);
            var empty = new PipelineFile
            {
                ProjectDirPath = project,
                FilePath = fileName,
                Stages = [],
            };
            if (root is null)
                return empty;
            if (root is not YamlMappingNode top)
            {
                Problems.Add(PipelineErrors.ExpectedMapping(At(root), "the pipeline", YamlValues.Describe(root)));
                return empty;
            }

            long seed = 0;
            var paramsFiles = new List<(string Path, SourceLocation At)>();
            YamlMappingNode? stagesNode = null;
            List<RemoteSpec> remotes = [];
            string? store = null;
            ExecutorSpec? executor = null;
            foreach (var (keyNode, value) in top.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? "";
                switch (key)
                {
                    case "seed":
                        seed = Integer(value, "'seed'") ?? 0;
                        break;
                    case "params":
                        foreach (var (path, at) in Strings(value, "'params'"))
                            if (CheckPath(path, at) is { } file)
                                paramsFiles.Add((file, at));
                        break;
                    case "stages":
                        if (value is YamlMappingNode mapping)
                            stagesNode = mapping;
                        else
                            Problems.Add(PipelineErrors.ExpectedMapping(At(value), "'stages'", YamlValues.Describe(value)));
                        break;
                    case "remotes":
                        remotes = RemotesSection.Read(fileName, project, value, Problems);
                        break;
                    case "store":
                        store = Store(value);
                        break;
                    case "executor":
                        executor = ExecutorSpecReader.Read(fileName, value, "'executor'", Problems);
                        break;
                    default:
                        Problems.Add(
                            FutureTopKeys.Contains(key)
                                ? PipelineErrors.NotSupportedYet(At(keyNode), key)
                                : PipelineErrors.UnknownKey(At(keyNode), key, "the pipeline", TopKeys)
                        );
                        break;
                }
            }

            foreach (var (file, at) in paramsFiles)
                LoadParams(file, at);
            ApplyOverrides();

            var stages = new List<Stage>();
            if (stagesNode is null || stagesNode.Children.Count == 0)
            {
                if (stagesNode is not null || !Problems.Any(p => p.Message.Contains("'stages'", StringComparison.Ordinal)))
                    Problems.Add(PipelineErrors.NoStages(At(stagesNode ?? (YamlNode)top)));
            }
            else
            {
                foreach (var (keyNode, value) in stagesNode.Children)
                    stages.AddRange(ReadStage((YamlScalarNode)keyNode, value, seed));
                // A stage's own executor wins over the pipeline's.
                if (executor is not null)
                    stages = [.. stages.Select(s => s.Executor is null ? s with { Executor = executor } : s)];
            }

            var pipeline = new PipelineFile
            {
                ProjectDirPath = project,
                FilePath = fileName,
                Seed = seed,
                ParamsFiles = [.. paramsFiles.Select(p => p.Path)],
                Params = parameters,
                Overrides = options.Overrides,
                // A search stage depends on what its target reads (issue #7): changing the trainer re-runs the search.
                Stages = Search.Execution.SearchInputs.Apply(stages),
                Remotes = remotes,
                Store = store,
                Executor = executor,
            };
            CheckAcrossStages(pipeline);
            return pipeline;
        }

        private YamlNode? ReadYaml(string relativePath, string what, SourceLocation? namedAt)
        {
            var fullPath = Path.Combine(project, relativePath);
            if (!File.Exists(fullPath))
            {
                Problems.Add(PipelineErrors.FileNotFound(namedAt, relativePath, what));
                return null;
            }
            try
            {
                var stream = new YamlStream();
                using (var reader = new StreamReader(fullPath))
                    stream.Load(reader);
                return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            }
            catch (YamlException ex)
            {
                var detail = PositionPrefix().Replace(ex.InnerException?.Message ?? ex.Message, "");
                Problems.Add(
                    PipelineErrors.MalformedYaml(new SourceLocation(relativePath, (int)ex.Start.Line, (int)ex.Start.Column), detail)
                );
                return null;
            }
        }

        private void LoadParams(string file, SourceLocation namedAt)
        {
            var extension = Path.GetExtension(file).ToLowerInvariant();
            if (extension is not (".yaml" or ".yml" or ".json"))
            {
                Problems.Add(PipelineErrors.ParamsFileType(namedAt, file));
                return;
            }
            var node = ReadYaml(file, "parameter file", namedAt);
            if (node is null)
                return;
            if (YamlValues.ToJson(file, node, "", null) is JsonObject values)
                ParamTree.Merge(parameters, values);
            else
                Problems.Add(PipelineErrors.ParamsNotMapping(YamlValues.At(file, node), file));
        }

        private void ApplyOverrides()
        {
            var known = ParamTree.Names(parameters);
            foreach (var (name, value) in options.Overrides)
            {
                if (!ParamTree.TrySet(parameters, name, value?.DeepClone()))
                    Problems.Add(PipelineErrors.UnknownOverride(name, known));
            }
        }

        private IEnumerable<Stage> ReadStage(YamlScalarNode keyNode, YamlNode node, long pipelineSeed)
        {
            var name = keyNode.Value ?? "";
            if (!StageName().IsMatch(name))
                Problems.Add(PipelineErrors.InvalidStageName(At(keyNode), name));
            if (node is not YamlMappingNode mapping)
            {
                Problems.Add(PipelineErrors.ExpectedMapping(At(node), $"stage '{name}'", YamlValues.Describe(node)));
                yield break;
            }
            var keys = Keys(mapping, StageKeys, $"stage '{name}'");
            keys.TryGetValue("foreach", out var foreachNode);
            keys.TryGetValue("matrix", out var matrixNode);
            keys.TryGetValue("do", out var doNode);
            if (foreachNode is not null && matrixNode is not null)
            {
                Problems.Add(PipelineErrors.ForeachAndMatrix(At(keyNode), name));
                yield break;
            }
            if (doNode is not null && foreachNode is null)
                Problems.Add(PipelineErrors.DoWithoutForeach(At(doNode), name));

            // DVC writes the body of a foreach stage under 'do:'; the body can also sit beside 'foreach' itself.
            var body = doNode as YamlMappingNode ?? mapping;
            if (doNode is not null && doNode is not YamlMappingNode)
            {
                Problems.Add(PipelineErrors.ExpectedMapping(At(doNode), $"'do' of stage '{name}'", YamlValues.Describe(doNode)));
                yield break;
            }
            var bodyKeys = doNode is null ? keys : Keys(body, BodyKeys, $"'do' of stage '{name}'");

            if (foreachNode is null && matrixNode is null)
            {
                yield return ReadBody(name, At(keyNode), bodyKeys, new Dictionary<string, JsonNode?>(), pipelineSeed);
                yield break;
            }
            foreach (var (suffix, locals) in foreachNode is not null ? Foreach(name, foreachNode) : Matrix(name, matrixNode!))
                yield return ReadBody($"{name}@{suffix}", At(keyNode), bodyKeys, locals, pipelineSeed);
        }

        private IEnumerable<(string Suffix, Dictionary<string, JsonNode?> Locals)> Foreach(string stage, YamlNode node)
        {
            var values = Expansion(node, stage, "foreach");
            switch (values)
            {
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        // Scalars name the stage by value (build@us); mappings and lists by position (build@0), as DVC does.
                        var suffix =
                            array[i] is JsonValue
                                ? ParamTree.AsText(array[i])!
                                : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        yield return (suffix, new() { ["item"] = array[i] });
                    }
                    break;
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                        yield return (key, new() { ["key"] = JsonValue.Create(key), ["item"] = value });
                    break;
            }
        }

        private IEnumerable<(string Suffix, Dictionary<string, JsonNode?> Locals)> Matrix(string stage, YamlNode node)
        {
            if (node is not YamlMappingNode mapping)
            {
                Problems.Add(PipelineErrors.ExpectedMapping(At(node), $"'matrix' of stage '{stage}'", YamlValues.Describe(node)));
                yield break;
            }
            var dimensions = new List<(string Name, JsonArray Values)>();
            foreach (var (key, value) in mapping.Children)
            {
                if (Expansion(value, stage, "matrix") is JsonArray values)
                    dimensions.Add((((YamlScalarNode)key).Value ?? "", values));
            }
            if (dimensions.Count != mapping.Children.Count)
                yield break;
            IEnumerable<List<(string Name, JsonNode? Value, int Index)>> combos =
            [
                [],
            ];
            foreach (var (dimension, values) in dimensions)
                combos = combos.SelectMany(c => values.Select((v, i) => new List<(string, JsonNode?, int)>(c) { (dimension, v, i) }));
            foreach (var combo in combos)
            {
                var item = new JsonObject();
                foreach (var (dimension, value, _) in combo)
                    item[dimension] = value?.DeepClone();
                var suffix = string.Join(
                    "-",
                    combo.Select(c =>
                        c.Value is JsonValue
                            ? ParamTree.AsText(c.Value)!
                            : c.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    )
                );
                yield return (suffix, new() { ["item"] = item });
            }
        }

        // The values a stage is expanded over: a list or mapping, or "${a.b}" naming one in the params.
        private JsonNode? Expansion(YamlNode node, string stage, string key)
        {
            var interpolator = new Interpolator(parameters, new Dictionary<string, JsonNode?>(), Problems);
            var values = interpolator.Yaml(fileName, node, key, new Dictionary<string, SourceLocation>());
            if (values is JsonArray { Count: > 0 } or JsonObject { Count: > 0 })
                return values;
            if (values is JsonArray or JsonObject)
                Problems.Add(PipelineErrors.EmptyForeach(At(node), stage, key));
            else if (
                interpolator.Used.Count > 0
                || node is not YamlScalarNode
                || !((YamlScalarNode)node).Value!.Contains("${", StringComparison.Ordinal)
            )
                Problems.Add(PipelineErrors.ExpectedList(At(node), $"'{key}' of stage '{stage}'", YamlValues.Describe(node)));
            return null;
        }

        private Stage ReadBody(
            string name,
            SourceLocation at,
            Dictionary<string, YamlNode> keys,
            Dictionary<string, JsonNode?> locals,
            long pipelineSeed
        )
        {
            var interpolator = new Interpolator(parameters, locals, Problems);
            keys.TryGetValue("run", out var runNode);
            keys.TryGetValue("uses", out var usesNode);
            keys.TryGetValue("with", out var withNode);
            if (runNode is not null && usesNode is not null)
                Problems.Add(PipelineErrors.RunAndUses(at, name));
            else if (runNode is null && usesNode is null)
                Problems.Add(PipelineErrors.NeitherRunNorUses(at, name));
            if (withNode is not null && usesNode is null)
                Problems.Add(PipelineErrors.WithWithoutUses(At(withNode), name));

            IReadOnlyList<string>? command = null;
            if (runNode is not null)
                command = ReadCommand(name, runNode, interpolator);

            string? uses = null;
            if (usesNode is not null && String(usesNode, $"'uses' of stage '{name}'") is { } step)
            {
                uses = step;
                if (step != BuiltinNames.Search && !options.Steps.TryGet(step, out _))
                    Problems.Add(PipelineErrors.UnknownStep(At(usesNode), step, [.. options.Steps.Names, BuiltinNames.Search]));
            }

            var withLocations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            JsonObject with = [];
            if (withNode is not null && usesNode is not null)
            {
                var before = Problems.Count;
                if (withNode is YamlMappingNode)
                    with = (JsonObject)interpolator.Yaml(fileName, withNode, "with", withLocations)!;
                else
                    Problems.Add(PipelineErrors.ExpectedMapping(At(withNode), $"'with' of stage '{name}'", YamlValues.Describe(withNode)));
                // An unknown parameter leaves its key empty: the step would only add "missing key" to the real mistake.
                if (uses is not null && Problems.Count == before)
                    CheckArguments(uses, with, withLocations);
            }
            else if (uses is not null)
                // Without with:, a missing argument is reported at uses:.
                CheckArguments(uses, with, new Dictionary<string, SourceLocation> { ["with"] = At(usesNode!) });

            var deps = Paths(keys, "deps", name, interpolator);
            var outs = Paths(keys, "outs", name, interpolator);
            var plots = keys.TryGetValue("plots", out var plotsNode) ? Plots(plotsNode, name, interpolator) : [];
            var metrics = keys.TryGetValue("metrics", out var metricsNode) ? Metrics(metricsNode, name, interpolator) : [];

            var read = new SortedSet<string>(interpolator.Used, StringComparer.Ordinal);
            if (keys.TryGetValue("params", out var paramsNode))
            {
                var known = ParamTree.Names(parameters);
                foreach (var (param, paramAt) in Strings(paramsNode, $"'params' of stage '{name}'"))
                {
                    if (ParamTree.TryGet(parameters, param, out _))
                        read.Add(param);
                    else
                        Problems.Add(PipelineErrors.UnknownParameter(paramAt, param, known));
                }
            }
            var values = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var param in read)
            {
                ParamTree.TryGet(parameters, param, out var value);
                values[param] = value?.DeepClone();
            }

            var seed = keys.TryGetValue("seed", out var seedNode) ? Integer(seedNode, $"'seed' of stage '{name}'") : null;
            var executor = keys.TryGetValue("executor", out var executorNode)
                ? ExecutorSpecReader.Read(fileName, executorNode, $"'executor' of stage '{name}'", Problems)
                : null;
            string? template = null;
            if (runNode is YamlScalarNode runScalar)
                template = runScalar.Value;
            else if (withNode is not null)
                template = Fingerprint.CanonicalJson.Write(YamlValues.ToJson(fileName, withNode, "", null));
            return new Stage
            {
                Name = name,
                At = at,
                Command = command,
                Template = template,
                Uses = uses,
                With = with,
                WithLocations = withLocations,
                Deps = deps,
                Outs = outs,
                Metrics = metrics,
                Plots = plots,
                Params = values,
                Seed = seed ?? Seeds.ForStage(pipelineSeed, name),
                Executor = executor,
            };
        }

        // A built-in step's arguments are checked now, so a typo fails before any stage runs rather than when its turn comes.
        // Search stages are checked against the whole pipeline (SearchStageOptions); an unknown step is already reported.
        private void CheckArguments(string uses, JsonObject with, IReadOnlyDictionary<string, SourceLocation> locations)
        {
            if (uses == BuiltinNames.Search || !options.Steps.TryGet(uses, out var step))
                return;
            // A foreach body is checked once per stage it expands to: say each problem once.
            foreach (var problem in step.CheckArguments(with, locations))
                if (!Problems.Contains(problem))
                    Problems.Add(problem);
        }

        private List<string>? ReadCommand(string stage, YamlNode node, Interpolator interpolator)
        {
            if (node is not YamlScalarNode scalar || String(node, $"'run' of stage '{stage}'") is not { } text)
            {
                if (node is not YamlScalarNode)
                    Problems.Add(PipelineErrors.ExpectedString(At(node), $"'run' of stage '{stage}'", YamlValues.Describe(node)));
                return null;
            }
            var start = Interpolator.ContentStart(fileName, scalar);
            // Check names against the text as written, so columns are exact; then interpolate each argument.
            interpolator.Text(text, start);
            var args = CommandSplitter.Split(text, out var unclosed);
            if (args is null)
            {
                Problems.Add(
                    PipelineErrors.UnclosedQuote(start with { Column = start.Column + unclosed!.Value.Index }, unclosed.Value.Quote)
                );
                return null;
            }
            if (args.Count == 0)
            {
                Problems.Add(PipelineErrors.EmptyCommand(At(node), stage));
                return null;
            }
            return [.. args.Select(a => interpolator.Text(a, null))];
        }

        private List<StagePath> Paths(Dictionary<string, YamlNode> keys, string key, string stage, Interpolator interpolator)
        {
            var result = new List<StagePath>();
            if (!keys.TryGetValue(key, out var node))
                return result;
            foreach (var (text, at) in Strings(node, $"'{key}' of stage '{stage}'"))
            {
                if (CheckPath(interpolator.Text(text, at), at) is not { } path)
                    continue;
                if (result.Any(p => p.Path == path))
                    Problems.Add(PipelineErrors.DuplicatePath(at, path, stage));
                else
                    result.Add(new StagePath(path, at));
            }
            return result;
        }

        // A plots entry is a path, or a one-key map from the path to {x: field, y: field or [fields]} (DVC's form).
        private List<PlotsFile> Plots(YamlNode node, string stage, Interpolator interpolator)
        {
            var result = new List<PlotsFile>();
            var what = $"'plots' of stage '{stage}'";
            var items = node is YamlSequenceNode sequence ? sequence.Children : [node];
            foreach (var item in items)
            {
                string? text = null;
                string? x = null;
                List<string>? y = null;
                if (item is YamlScalarNode)
                    text = String(item, what);
                else if (item is YamlMappingNode { Children.Count: 1 } entry && entry.Children.Single() is var (key, options))
                {
                    text = String(key, what);
                    if (options is YamlMappingNode optionMap)
                    {
                        var fields = Keys(optionMap, ["x", "y"], $"the plots entry '{text}' of stage '{stage}'");
                        if (fields.TryGetValue("x", out var xNode))
                            x = String(xNode, $"'x' of the plots entry '{text}'");
                        if (fields.TryGetValue("y", out var yNode))
                            y = [.. Strings(yNode, $"'y' of the plots entry '{text}'").Select(s => s.Text)];
                    }
                    else if (options is not YamlScalarNode { Value: null or "" })
                        Problems.Add(
                            PipelineErrors.ExpectedMapping(
                                At(options),
                                $"the fields of plots entry '{text}' ({{x: epoch, y: [loss]}})",
                                YamlValues.Describe(options)
                            )
                        );
                }
                else
                    Problems.Add(
                        PipelineErrors.ExpectedString(
                            At(item),
                            $"{what} (a path, or 'path: {{x: field, y: [fields]}}')",
                            YamlValues.Describe(item)
                        )
                    );
                if (text is not null && CheckPath(interpolator.Text(text, At(item)), At(item)) is { } path)
                {
                    if (result.Any(p => p.Path == path))
                        Problems.Add(PipelineErrors.DuplicatePath(At(item), path, stage));
                    else
                        result.Add(new PlotsFile(path, At(item), x, y));
                }
            }
            return result;
        }

        private List<MetricsFile> Metrics(YamlNode node, string stage, Interpolator interpolator)
        {
            var result = new List<MetricsFile>();
            var items = node is YamlSequenceNode sequence ? sequence.Children : [node];
            foreach (var item in items)
            {
                string? text = null;
                var tolerances = new Dictionary<string, double>(StringComparer.Ordinal);
                if (item is YamlScalarNode)
                    text = String(item, $"'metrics' of stage '{stage}'");
                else if (item is YamlMappingNode mapping)
                {
                    var keys = Keys(mapping, ["path", "tolerance"], $"a metrics entry of stage '{stage}'");
                    if (keys.TryGetValue("path", out var pathNode))
                        text = String(pathNode, $"'path' of a metrics entry of stage '{stage}'");
                    else
                        Problems.Add(PipelineErrors.MetricsWithoutPath(At(item), stage));
                    if (keys.TryGetValue("tolerance", out var toleranceNode))
                    {
                        if (toleranceNode is YamlMappingNode tolerance)
                        {
                            foreach (var (metricKey, value) in tolerance.Children)
                            {
                                if (YamlValues.ToJson(fileName, value, "", null) is JsonValue v && v.TryGetValue<double>(out var number))
                                    tolerances[((YamlScalarNode)metricKey).Value ?? ""] = number;
                                else if (YamlValues.ToJson(fileName, value, "", null) is JsonValue l && l.TryGetValue<long>(out var whole))
                                    tolerances[((YamlScalarNode)metricKey).Value ?? ""] = whole;
                                else
                                    Problems.Add(
                                        PipelineErrors.ExpectedNumber(
                                            At(value),
                                            $"the tolerance of '{((YamlScalarNode)metricKey).Value}'",
                                            YamlValues.Describe(value)
                                        )
                                    );
                            }
                        }
                        else
                            Problems.Add(
                                PipelineErrors.ExpectedMapping(At(toleranceNode), "'tolerance'", YamlValues.Describe(toleranceNode))
                            );
                    }
                }
                else
                    Problems.Add(PipelineErrors.ExpectedString(At(item), $"'metrics' of stage '{stage}'", YamlValues.Describe(item)));
                if (text is not null && CheckPath(interpolator.Text(text, At(item)), At(item)) is { } path)
                {
                    if (result.Any(m => m.Path == path))
                        Problems.Add(PipelineErrors.DuplicatePath(At(item), path, stage));
                    else
                        result.Add(new MetricsFile(path, At(item), tolerances));
                }
            }
            return result;
        }

        private void CheckAcrossStages(PipelineFile pipeline)
        {
            var producers = new Dictionary<string, (Stage Stage, StagePath Out)>(StringComparer.Ordinal);
            foreach (var stage in pipeline.Stages)
            {
                var own = new HashSet<string>(StringComparer.Ordinal);
                foreach (var output in stage.Outputs)
                {
                    if (!own.Add(output.Path))
                        Problems.Add(PipelineErrors.DuplicatePath(output.At, output.Path, stage.Name));
                    else if (producers.TryGetValue(output.Path, out var other))
                        Problems.Add(PipelineErrors.ProducedTwice(output.At, output.Path, stage.Name, other.Stage.Name));
                    else
                        producers[output.Path] = (stage, output);
                }
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var stage in pipeline.Stages)
            {
                if (!seen.Add(stage.Name))
                    Problems.Add(PipelineErrors.DuplicateStage(stage.At, stage.Name));
                if (!options.CheckDepsExist)
                    continue;
                foreach (var dep in stage.Deps)
                {
                    var produced = producers.Values.Any(p => p.Out.Contains(dep.Path) || dep.Contains(p.Out.Path));
                    var full = Path.Combine(project, dep.Path);
                    if (!produced && !File.Exists(full) && !Directory.Exists(full))
                        Problems.Add(PipelineErrors.MissingDep(dep.At, dep.Path, stage.Name));
                }
            }
            if (Problems.Count == 0 && CycleFinder.Find(StageGraph.Edges(pipeline.Stages)) is { } cycle)
                Problems.Add(PipelineErrors.Cycle(pipeline[cycle[0]].At, cycle));
        }

        // A path relative to the project, normalized with forward slashes; null (and a problem) when it leaves the project.
        private string? CheckPath(string text, SourceLocation at)
        {
            if (Path.IsPathRooted(text) || text.StartsWith('~'))
            {
                Problems.Add(PipelineErrors.AbsolutePath(at, text));
                return null;
            }
            var full = Path.GetFullPath(Path.Combine(project, text));
            if (!full.StartsWith(project + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                Problems.Add(PipelineErrors.PathLeavesProject(at, text));
                return null;
            }
            return Path.GetRelativePath(project, full).Replace('\\', '/').TrimEnd('/');
        }

        private Dictionary<string, YamlNode> Keys(YamlMappingNode mapping, IReadOnlyList<string> allowed, string where)
        {
            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in mapping.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                if (allowed.Contains(key))
                    result[key] = value;
                else
                    Problems.Add(PipelineErrors.UnknownKey(At(keyNode), key, where, allowed));
            }
            return result;
        }

        private IEnumerable<(string Text, SourceLocation At)> Strings(YamlNode node, string what)
        {
            var items = node is YamlSequenceNode sequence ? sequence.Children : [node];
            if (node is YamlMappingNode)
            {
                Problems.Add(PipelineErrors.ExpectedList(At(node), what, YamlValues.Describe(node)));
                yield break;
            }
            foreach (var item in items)
            {
                if (String(item, what) is { } text)
                    yield return (text, item is YamlScalarNode s ? Interpolator.ContentStart(fileName, s) : At(item));
            }
        }

        private string? String(YamlNode node, string what)
        {
            if (node is YamlScalarNode { Value: { Length: > 0 } value })
                return value;
            Problems.Add(PipelineErrors.ExpectedString(At(node), what, YamlValues.Describe(node)));
            return null;
        }

        /// <summary><c>store:</c> is <c>sqlite</c> (the default) or a <c>postgres://</c> URL, checked now so a typo fails before any work.</summary>
        private string? Store(YamlNode node)
        {
            if (String(node, "'store'") is not { } text)
                return null;
            if (text == Repro.Core.Store.StoreLocator.Sqlite)
                return text;
            try
            {
                Repro.Core.Store.Postgres.PostgresUrl.Parse(text, At(node));
                return text;
            }
            catch (ReproException ex)
            {
                Problems.AddRange(ex.Diagnostics);
                return null;
            }
        }

        private long? Integer(YamlNode node, string what)
        {
            if (
                node is YamlScalarNode scalar
                && YamlValues.Scalar(scalar.Value ?? "", plain: true) is JsonValue v
                && v.TryGetValue<long>(out var n)
            )
                return n;
            Problems.Add(PipelineErrors.ExpectedInteger(At(node), what, YamlValues.Describe(node)));
            return null;
        }

        private SourceLocation At(YamlNode node) => YamlValues.At(fileName, node);
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")]
    private static partial Regex StageName();
}
