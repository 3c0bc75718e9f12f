using Repro.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training;

/// <summary>Puts torch into the state every step starts from: device, threads, seed, TF32 off.</summary>
public static class TorchSetup
{
    /// <summary>Device names a step accepts.</summary>
    public static IReadOnlyList<string> DeviceNames { get; } = ["auto", "cpu", "cuda"];

    /// <summary>A step's <c>device:</c> argument, one of <see cref="DeviceNames"/>; null (and not recorded) when absent.</summary>
    internal static string? ReadDevice(Repro.Core.Steps.StepArguments with) =>
        with.Has("device") ? with.GetEnum("device", DeviceNames, "auto", "device") : null;

    /// <summary>
    /// Chooses the device (<c>auto</c> = CUDA when available), sets the thread count (<paramref name="threads"/>, or all
    /// cores when 0), turns oneDNN's CPU kernels off (and NNPACK's where it cannot start), seeds torch's global generator
    /// and turns TF32 off on CUDA.
    /// </summary>
    public static TorchSettings Apply(string device, int threads, long seed)
    {
        ArgumentNullException.ThrowIfNull(device);
        var cudaAvailable = torch.cuda.is_available();
        var chosen = device switch
        {
            "auto" => cudaAvailable ? CUDA : CPU,
            "cpu" => CPU,
            "cuda" when cudaAvailable => CUDA,
            "cuda" => throw new ReproException(
                "device 'cuda' was asked for but no CUDA device is available",
                "set the step's with.device to cpu or auto"
            ),
            _ => throw new ReproException($"unknown device '{device}'; expected one of {string.Join(", ", DeviceNames)}"),
        };
        var count = threads > 0 ? threads : Environment.ProcessorCount;
        torch.set_num_threads(count);
        // oneDNN's convolutions give wrong results for some layer shapes here (OneDnn says which): libtorch's own kernels.
        OneDnn.TryDisable();
        // Where NNPACK cannot start, libtorch would log so before every convolution: off, which changes no result.
        Nnpack.DisableWhereUnavailable();
        torch.manual_seed(seed);
        if (chosen.type != DeviceType.CUDA)
            return new TorchSettings(chosen, count, seed, TorchSettings.CpuExact);
        torch.cuda.manual_seed_all(seed);
        // TorchSharp 0.107 has no use_deterministic_algorithms (dotnet/TorchSharp#1384), and .NET cannot set
        // CUBLAS_WORKSPACE_CONFIG for native code from inside the process: CUDA stays best-effort.
        // TF32 changes matmul and convolution results on Ampere and later; DESIGN.md §8 wants it off.
        torch.backends.cuda.matmul.allow_tf32 = false;
        torch.backends.cudnn.allow_tf32 = false;
        return new TorchSettings(chosen, count, seed, TorchSettings.CudaBestEffort);
    }
}
