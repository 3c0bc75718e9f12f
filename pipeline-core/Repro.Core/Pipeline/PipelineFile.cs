using System.Text.Json.Nodes;

namespace Repro.Core.Pipeline;

/// <summary>A loaded, validated pipeline: everything the graph, the fingerprints and the runner need.</summary>
public sealed record PipelineFile
{
    /// <summary>The folder of pipeline.yaml; every stage path is relative to it.</summary>
    public required string ProjectDirPath { get; init; }

    /// <summary>The pipeline file, as it is named in messages (relative to the working folder when possible).</summary>
    public required string FilePath { get; init; }

    /// <summary>The pipeline seed (<c>seed:</c>); 0 when absent.</summary>
    public long Seed { get; init; }

    /// <summary>Parameter files, relative to the project, in the order they were merged.</summary>
    public IReadOnlyList<string> ParamsFiles { get; init; } = [];

    /// <summary>All parameters after merging the files and applying <c>--set</c> overrides.</summary>
    public JsonObject Params { get; init; } = [];

    /// <summary>The overrides applied (<c>--set</c>), by name, in the order given.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> Overrides { get; init; } = [];

    /// <summary>
    /// <c>store:</c> as written: <c>sqlite</c> or a <c>postgres://</c> URL (studies in PostgreSQL); null when absent. The
    /// <c>REPRO_STORE</c> environment variable overrides it (<see cref="Repro.Core.Store.StoreLocator"/>).
    /// </summary>
    public string? Store { get; init; }

    /// <summary>The pipeline's <c>executor:</c>, the default of every stage that names none; null means local processes.</summary>
    public ExecutorSpec? Executor { get; init; }

    /// <summary>The stages, in file order (expanded stages in expansion order).</summary>
    public required IReadOnlyList<Stage> Stages { get; init; }

    /// <summary>The remote caches (<c>remotes:</c>), in file order.</summary>
    public IReadOnlyList<RemoteSpec> Remotes { get; init; } = [];

    public Stage this[string name] => Stages.First(s => s.Name == name);

    public bool TryGetStage(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Stage? stage)
    {
        stage = Stages.FirstOrDefault(s => s.Name == name);
        return stage is not null;
    }
}
