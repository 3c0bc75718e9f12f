namespace Repro.Core.Pipeline;

/// <summary>Finds the project as git and DVC do: the nearest folder upwards that holds pipeline.yaml.</summary>
public static class ProjectLocator
{
    public static string Find(string startDirPath)
    {
        ArgumentNullException.ThrowIfNull(startDirPath);
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirPath)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, BuiltinNames.PipelineFileName)))
                return dir.FullName;
        }
        throw new ReproException(PipelineErrors.PipelineNotFound(startDirPath));
    }
}
