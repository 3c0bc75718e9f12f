namespace Repro.Core.Pipeline;

/// <summary>Names the loader knows without the step catalogue.</summary>
public static class BuiltinNames
{
    /// <summary><c>uses: search</c>: a hyperparameter search, run by the engine itself rather than by <c>exec-step</c>.</summary>
    public const string Search = "search";

    /// <summary>The pipeline file's name, searched for upwards from the working folder.</summary>
    public const string PipelineFileName = "pipeline.yaml";
}
