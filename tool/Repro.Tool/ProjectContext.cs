using Repro.Core.Pipeline;
using Repro.Core.Search;
using Repro.Core.Store;
using Repro.Core.Store.Postgres;

namespace Repro.Tool;

/// <summary>
/// The project a command works on: the nearest folder, from the working directory upwards, that holds a
/// pipeline.yaml (as git and DVC find their root), with its <c>.repro/</c> store opened on first use.
/// </summary>
public sealed class ProjectContext : IDisposable
{
    private RunStore? store;
    private PostgresStore? shared;

    private ProjectContext(string projectDirPath) => ProjectDirPath = projectDirPath;

    public string ProjectDirPath { get; }

    public string ReproDirPath => Path.Combine(ProjectDirPath, ".repro");

    public string CacheDirPath => Path.Combine(ReproDirPath, "cache");

    public RunStore Store
    {
        get
        {
            if (store is null)
            {
                Directory.CreateDirectory(ReproDirPath);
                store = RunStore.Open(Path.Combine(ReproDirPath, "repro.db"));
            }
            return store;
        }
    }

    /// <summary>
    /// Where the studies of <paramref name="pipeline"/> live (as <c>run</c> decides, <see cref="StoreLocator"/>): the
    /// PostgreSQL store that <c>REPRO_STORE</c> or <c>store:</c> names, else <c>.repro/repro.db</c>.
    /// </summary>
    /// <exception cref="Repro.Core.ReproException">The PostgreSQL store cannot be used.</exception>
    public IStudyStorage Studies(PipelineFile pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        shared ??= StoreLocator.OpenShared(pipeline);
        return shared ?? (IStudyStorage)Store;
    }

    /// <summary>Whether <see cref="Studies"/> is this project's own <c>.repro/repro.db</c> (no PostgreSQL store is named).</summary>
    public static bool StudiesAreLocal(PipelineFile pipeline) =>
        StoreLocator.Resolve(pipeline, Environment.GetEnvironmentVariable(StoreLocator.EnvironmentVariable)) is null;

    /// <summary>Finds the project above <paramref name="workingDirPath"/> (as <c>run</c> does), or explains that there is none.</summary>
    public static ProjectContext Locate(string workingDirPath) => new(ProjectLocator.Find(workingDirPath));

    public void Dispose()
    {
        shared?.Dispose();
        store?.Dispose();
    }
}
