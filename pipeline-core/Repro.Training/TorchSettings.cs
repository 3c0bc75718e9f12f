using static TorchSharp.torch;

namespace Repro.Training;

/// <summary>What <see cref="TorchSetup.Apply"/> chose, for the run record.</summary>
/// <param name="Device">Where tensors and models go.</param>
/// <param name="Threads">Intra-op threads torch uses.</param>
/// <param name="Seed">The seed given to <c>torch.manual_seed</c>.</param>
/// <param name="Determinism"><c>cpu-exact</c> or <c>cuda-best-effort</c>: what the run can promise, never more.</param>
public sealed record TorchSettings(Device Device, int Threads, long Seed, string Determinism)
{
    /// <summary>Two runs of the same inputs give bit-identical outputs.</summary>
    public const string CpuExact = "cpu-exact";

    /// <summary>Seeds and flags are set, but some CUDA kernels may still differ from run to run.</summary>
    public const string CudaBestEffort = "cuda-best-effort";
}
