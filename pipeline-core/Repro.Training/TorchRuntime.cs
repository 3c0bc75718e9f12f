using System.Text.Json.Serialization;
using Repro.Training.Native;
using TorchSharp;

namespace Repro.Training;

/// <summary>What <c>repro doctor</c> learns about torch on this machine by really loading it.</summary>
public sealed record TorchReport(
    bool Loaded,
    [property: JsonPropertyName("torchsharp")] string TorchSharpVersion,
    [property: JsonPropertyName("libtorch")] string? LibTorchVersion,
    bool Cuda,
    string? GpuName,
    int Threads,
    string LibStdCxxFix,
    [property: JsonPropertyName("onednn")] string OneDnn,
    [property: JsonPropertyName("nnpack")] string Nnpack,
    string? Error
);

/// <summary>Loads libtorch, computes on a tensor, and reports versions, device and the compatibility fix.</summary>
public static class TorchRuntime
{
    /// <summary>The version need weakened by the build (see buildTransitive/ElfVersionNeeds.cs).</summary>
    public const string WeakenedVersion = "GLIBCXX_3.4.32";

    /// <summary>The libtorch version TorchSharp's package ships (a test checks it against the loaded library).</summary>
    public const string PackagedLibTorchVersion = "2.10.0";

    /// <summary>The TorchSharp package this build uses: <c>cpu</c>, or <c>cuda</c> with <c>-p:TorchBackend=cuda</c>.</summary>
#if REPRO_TORCH_CUDA
    public const string Backend = "cuda";
#else
    public const string Backend = "cpu";
#endif

    /// <summary>
    /// What a built-in torch step puts in its implementation version: a new TorchSharp, libtorch or backend, or which
    /// kernels run (oneDNN only where <see cref="OneDnnCheck"/> finds it right, since issue #11; never for the layer shapes it
    /// knows oneDNN gets wrong, since 2026-12-05), can change results.
    /// </summary>
    public static string ImplementationTag =>
        $"torchsharp {TorchSharpVersion}; libtorch {PackagedLibTorchVersion}; backend {Backend}; onednn checked, off for known-wrong shapes";

    /// <summary>TorchSharp's assembly version, known without loading any native code.</summary>
    public static string TorchSharpVersion => typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>Tries to load torch and compute 1+1 on a tensor; never throws.</summary>
    public static TorchReport Probe()
    {
        var fix = DescribeLibStdCxxFix();
        try
        {
            using var two = torch.ones(2).sum();
            var loaded = Math.Abs(two.item<float>() - 2f) < 1e-6;
            var cuda = torch.cuda.is_available();
            return new TorchReport(
                loaded,
                TorchSharpVersion,
                torch.__version__,
                cuda,
                cuda ? GpuName() : null,
                torch.get_num_threads(),
                fix,
                DescribeOneDnn(),
                DescribeNnpack(),
                loaded ? null : "torch computed a wrong result for ones(2).sum()"
            );
        }
        catch (Exception ex)
            when (ex is DllNotFoundException or NotSupportedException or TypeInitializationException or InvalidOperationException)
        {
            return new TorchReport(
                false,
                TorchSharpVersion,
                null,
                false,
                null,
                0,
                fix,
                "unknown",
                "unknown",
                ex.GetBaseException().Message
            );
        }
    }

    /// <summary>Whether the steps can turn oneDNN's CPU kernels off, as they do (<see cref="OneDnn"/> says why).</summary>
    public static string DescribeOneDnn() =>
        OneDnn.TryDisable()
            ? "switchable: off, except in training where it matches libtorch's own kernels on the model and no convolution has a shape it gets wrong"
            : "ON: could not be turned off in this libtorch; some convolution gradients may be wrong";

    /// <summary>Whether NNPACK's convolutions can run here; the steps switch it off where not (<see cref="Nnpack"/> says why).</summary>
    public static string DescribeNnpack() =>
        Nnpack.Available switch
        {
            true => "available: on",
            false => "cannot start on this CPU: off in every step, so libtorch warns once, not before each convolution",
            null => "unknown (this libtorch does not say)",
        };

    /// <summary>Whether the shipped libLibTorchSharp.so had its GLIBCXX_3.4.32 need weakened, and whether it had to be.</summary>
    public static string DescribeLibStdCxxFix()
    {
        var path = FindNativeLibrary();
        if (path is null)
            return "libLibTorchSharp.so not found next to the tool";
        var state = ElfVersionNeeds.Inspect(File.ReadAllBytes(path), WeakenedVersion);
        var systemHasIt = ElfVersionNeeds.SystemLibStdCxxProvides(WeakenedVersion);
        return state switch
        {
            VersionNeedState.Weak => $"applied ({WeakenedVersion} need marked weak; system libstdc++ {(systemHasIt ? "has" : "lacks")} it)",
            VersionNeedState.Required when systemHasIt => $"not needed (system libstdc++ has {WeakenedVersion})",
            VersionNeedState.Required =>
                $"missing: {WeakenedVersion} is required and this system lacks it; rebuild with Repro.Training's targets",
            VersionNeedState.Absent => $"not needed (the library does not ask for {WeakenedVersion})",
            _ => "libLibTorchSharp.so is not a 64-bit ELF file",
        };
    }

    private static string? FindNativeLibrary()
    {
        var baseDir = AppContext.BaseDirectory;
        return new[]
        {
            Path.Combine(baseDir, "libLibTorchSharp.so"),
            Path.Combine(baseDir, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
        }.FirstOrDefault(File.Exists);
    }

    /// <summary>The GPU's name from nvidia-smi, or "none"; loads no native library.</summary>
    public static string GpuNameOrNone()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(
                new System.Diagnostics.ProcessStartInfo("nvidia-smi", "--query-gpu=name --format=csv,noheader")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                }
            );
            var name = process?.StandardOutput.ReadLine();
            process?.WaitForExit(5000);
            return string.IsNullOrWhiteSpace(name) ? "none" : name.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "none";
        }
    }

    private static string GpuName() => GpuNameOrNone() is var name && name != "none" ? name : "CUDA device";
}
