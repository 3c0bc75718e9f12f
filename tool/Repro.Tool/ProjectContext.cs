using Repro.Core;
using Repro.Core.Store;

namespace Repro.Tool;

/// <summary>
/// The project a command works on: the nearest folder, from the working directory upwards, that holds a
/// pipeline.yaml (as git and DVC find their root), with its <c>.repro/</c> store opened on first use.
/// </summary>
public sealed class ProjectContext : IDisposable
{
    /// <summary>The pipeline file's name (contract: DESIGN.md §2).</summary>
    public const string PipelineFileName = "pipeline.yaml";

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

    /// <summary>Finds the project above <paramref name="workingDirPath"/>, or explains that there is none.</summary>
    public static ProjectContext Locate(string workingDirPath)
    {
        for (var dir = new DirectoryInfo(workingDirPath); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, PipelineFileName)))
                return new ProjectContext(dir.FullName);
        }
        throw new ReproException(
            $"no {PipelineFileName} in {workingDirPath} or any folder above it",
            "run 'dotnet repro init' to start a pipeline here, or cd into a project"
        );
    }

    public void Dispose() => store?.Dispose();
}
