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
                // Built-in steps use every core unless a search gives them a budget (StepRequest.Threads).
                ["torch_threads"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                // TorchSharp cannot set use_deterministic_algorithms: on CUDA we promise no more than best effort.
                ["determinism"] = TorchRuntime.Backend == "cuda" ? "cuda-best-effort" : "cpu-exact",
                ["gpu"] = TorchRuntime.Backend == "cuda" ? TorchRuntime.GpuNameOrNone() : "none (cpu build)",
            }
        );
}
