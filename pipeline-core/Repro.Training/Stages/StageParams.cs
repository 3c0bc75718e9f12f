using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Repro.Core;
using Repro.Core.Pipeline;
using Repro.Core.Steps;

namespace Repro.Training.Stages;

/// <summary>
/// The resolved parameters of a run (params files, then <c>--set</c> overrides, then a search trial's values), as the
/// engine hands them to a <c>run:</c> stage in <c>REPRO_PARAMS</c>, with typed access by dotted name:
/// <c>Get&lt;double&gt;("train.lr")</c>, <c>Get("train.epochs", 10)</c>, or a whole section as a record
/// (<c>Get&lt;TrainParams&gt;("train")</c>, snake_case keys).
/// </summary>
/// <remarks>
/// A stage's fingerprint covers only the parameters it declares (<c>params: [train]</c> in pipeline.yaml, or those its
/// command interpolates): declare what the trainer reads, or a changed value will not re-run it.
/// </remarks>
public sealed class StageParams
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly string source;

    /// <summary>Parameters <paramref name="root"/>, read from <paramref name="source"/> (named in errors).</summary>
    public StageParams(JsonObject root, string source = "the parameters")
    {
        Root = root ?? throw new ArgumentNullException(nameof(root));
        this.source = source;
    }

    /// <summary>The whole tree.</summary>
    public JsonObject Root { get; }

    /// <summary>Reads the JSON file the engine wrote (<c>REPRO_PARAMS</c>).</summary>
    public static StageParams Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return new StageParams(JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [], path);
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            throw new ReproException($"cannot read the parameters file '{path}': {ex.Message}");
        }
    }

    /// <summary>Whether <paramref name="name"/> (dotted) exists.</summary>
    public bool Has(string name) => ParamTree.TryGet(Root, name, out _);

    /// <summary>The value of <paramref name="name"/> as <typeparamref name="T"/>; a <see cref="ReproException"/> when it is missing or of another type.</summary>
    public T Get<T>(string name) => ParamTree.TryGet(Root, name, out var node) ? Convert<T>(name, node) : throw Missing(name);

    /// <summary>The value of <paramref name="name"/> as <typeparamref name="T"/>, or <paramref name="fallback"/> when it is absent.</summary>
    public T Get<T>(string name, T fallback) => ParamTree.TryGet(Root, name, out var node) ? Convert<T>(name, node) : fallback;

    /// <summary>The sub-tree <paramref name="name"/> (for example to record a trainer's hyperparameters).</summary>
    public JsonObject Section(string name) =>
        ParamTree.TryGet(Root, name, out var node) && node is JsonObject section ? (JsonObject)section.DeepClone() : throw Missing(name);

    private T Convert<T>(string name, JsonNode? node)
    {
        try
        {
            var value = node.Deserialize<T>(Options);
            if (value is null && default(T) is not null)
                throw new JsonException("null");
            return value!;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException or FormatException)
        {
            throw new ReproException(
                $"parameter '{name}' is {ParamTree.Show(node)}, which is not a {Describe(typeof(T))}",
                $"fix it in params.yaml or with --set {name}=..."
            );
        }
    }

    private ReproException Missing(string name)
    {
        var closest = ClosestName.Find(name, ParamTree.Names(Root));
        var hint =
            Root.Count == 0 ? "run the stage with `dotnet repro run <stage>`, which passes the parameters in REPRO_PARAMS"
            : closest is not null ? $"did you mean '{closest}'?"
            : "add it to params.yaml";
        return new ReproException($"parameter '{name}' not found in {source}", hint);
    }

    private static string Describe(Type type) =>
        Type.GetTypeCode(Nullable.GetUnderlyingType(type) ?? type) switch
        {
            TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 => "whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "number",
            TypeCode.Boolean => "boolean (true or false)",
            TypeCode.String => "text",
            _ => type.Name,
        };
}
