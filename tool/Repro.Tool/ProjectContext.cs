using Repro.Core.Pipeline;
using Repro.Core.Store;

namespace Repro.Tool;

/// <summary>
/// The project a command works on: the nearest folder, from the working directory upwards, that holds a
/// pipeline.yaml (as git and DVC find their root), with its <c>.repro/</c> store opened on first use.
/// </summary>
public sealed class ProjectContext : IDisposable
{
    private RunStore? store;

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

    /// <summary>Finds the project above <paramref name="workingDirPath"/> (as <c>run</c> does), or explains that there is none.</summary>
    public static ProjectContext Locate(string workingDirPath) => new(ProjectLocator.Find(workingDirPath));

    public void Dispose() => store?.Dispose();
}
