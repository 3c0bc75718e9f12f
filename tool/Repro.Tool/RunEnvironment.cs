using Repro.Core.Experiments;
using Repro.Training;

namespace Repro.Tool;

/// <summary>The environment recorded with every run: machine facts plus this tool's and TorchSharp's versions.</summary>
/// <remarks>No native library is loaded: a pipeline of shell stages must not pay torch's start-up.</remarks>
public static class RunEnvironment
{
    public static IReadOnlyDictionary<string, string> Facts() =>
        EnvironmentFacts.Collect(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["tool"] = ToolVersion.Current,
                ["torchsharp"] = TorchRuntime.TorchSharpVersion,
                ["libtorch"] = TorchRuntime.PackagedLibTorchVersion,
                ["torch_backend"] = TorchRuntime.Backend,
            }
        );
}
