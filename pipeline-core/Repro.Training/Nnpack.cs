using System.Runtime.InteropServices;

namespace Repro.Training;

/// <summary>
/// Turns libtorch's NNPACK convolutions off on a CPU where NNPACK cannot start, through libtorch's own
/// <c>at::Context::setUserEnabledNNPACK</c>, as <c>torch.backends.nnpack.enabled = False</c> does in PyTorch.
/// </summary>
/// <remarks>
/// Why: libtorch asks whether NNPACK is available before each eligible convolution (a batch of 16 or more), and where it
/// is not (a CPU or a virtual machine whose caches NNPACK's cpuinfo cannot read; seen on this project's AMD EPYC
/// machines) it logs "Could not initialize NNPACK! Reason: Unsupported hardware." every time: 1,200 lines in the log of
/// an 8-epoch Fashion-MNIST CNN. Asking once and switching NNPACK off where it cannot run leaves one such line and
/// changes no result: the convolutions it would have skipped ran on libtorch's own kernels anyway. Where NNPACK runs,
/// it stays on, so the results of those machines do not move either.
/// </remarks>
public static partial class Nnpack
{
    // Once per process: each call logs the warning again where NNPACK cannot start.
    private static readonly Lazy<bool?> AvailableOnce = new(() => LibTorchContext.TryCall(NnpackAvailable));

    /// <summary>Whether NNPACK can start on this CPU; null when that cannot be asked (another ABI).</summary>
    public static bool? Available => AvailableOnce.Value;

    /// <summary>Switches NNPACK off when it cannot start here.</summary>
    public static void DisableWhereUnavailable()
    {
        if (Available == false)
            LibTorchContext.TryCall(() => SetUserEnabledNnpack(LibTorchContext.Global(), false));
    }

    /// <summary>Whether libtorch may use NNPACK kernels now; null when that cannot be asked.</summary>
    public static bool? Enabled() => LibTorchContext.TryCall(() => UserEnabledNnpack(LibTorchContext.Global()));

    // at::native::_nnpack_available(), at::Context::setUserEnabledNNPACK(bool) and at::Context::userEnabledNNPACK()
    // const, by their Itanium C++ names; a member function takes the object first.
    [LibraryImport(LibTorchContext.Library, EntryPoint = "_ZN2at6native17_nnpack_availableEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool NnpackAvailable();

    [LibraryImport(LibTorchContext.Library, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static partial void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [LibraryImport(LibTorchContext.Library, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool UserEnabledNnpack(IntPtr context);
}
