using Repro.Core;
using Repro.Core.Pipeline;
using Repro.Core.Steps;
using Repro.Tests.Shared;

namespace Repro.Training.Tests.Steps;

/// <summary>Loads a pipeline.yaml as the tool does before running anything, with the given built-in steps.</summary>
internal static class LoadedPipelines
{
    /// <summary>The message of every problem the loader finds in <paramref name="pipelineYaml"/>, lines joined with <c>\n</c>.</summary>
    public static string Problems(TempDir project, string pipelineYaml, params IBuiltinStep[] steps)
    {
        project.Write("pipeline.yaml", pipelineYaml);
        var act = () => PipelineLoader.Load(project.Path, new PipelineLoadOptions { Steps = new StepCatalog(steps) });
        return act.Should().Throw<ReproException>().Which.Message.ReplaceLineEndings("\n");
    }
}
