using System.Runtime.InteropServices;

namespace Repro.Training;

/// <summary>
/// Switches libtorch's oneDNN (MKL-DNN) CPU kernels on and off, which TorchSharp does not expose: through libtorch's own
/// <c>at::Context::setUserEnabledMkldnn</c>, as <c>torch.backends.mkldnn.enabled</c> does in PyTorch. Every step starts
/// with them off (<see cref="TorchSetup"/>); training turns them on where <see cref="OneDnnCheck"/> finds them right.
/// </summary>
/// <remarks>
/// Why: in libtorch 2.10 as TorchSharp 0.107 ships it, oneDNN's backward pass of <c>conv2d</c> computes the input gradient
/// from uninitialised memory whenever the layer has a number of output channels that is not a multiple of 16 (1, 2, 4, 8,
/// 12, 24 measured; 16 and 32 are right) on the AVX-512 machines of this project (an Intel Xeon, and 2 channels measured
/// on an AMD EPYC). In a fresh process that memory is mostly zero and the result looks right and repeats; after other
/// work it holds old values, and the gradients are wrong or NaN (a DCGAN's discriminator ends in a 1-channel
/// convolution: its NaN losses were issue #11's "flaky" test). PyTorch 1.13 on the same machine, and libtorch 2.10 with
/// oneDNN off, give the float64 reference's gradients in every case (tests/Repro.Training.Tests/OneDnnTests.cs).
/// libtorch's own convolution kernels then run instead.
/// </remarks>
public static partial class OneDnn
{
    /// <summary>Whether oneDNN kernels are off in this process; false when libtorch lacks the entry points (another ABI).</summary>
    public static bool TryDisable() => TrySet(false);

    /// <summary>Turns oneDNN kernels on or off; false when libtorch lacks the entry points (another ABI).</summary>
    public static bool TrySet(bool enabled) =>
        LibTorchContext.TryCall(() =>
        {
            SetUserEnabledMkldnn(LibTorchContext.Global(), enabled);
            return UserEnabledMkldnn(LibTorchContext.Global()) == enabled;
        }) ?? false;

    /// <summary>Whether libtorch may use oneDNN kernels now; null when that cannot be asked.</summary>
    public static bool? Enabled() => LibTorchContext.TryCall(() => UserEnabledMkldnn(LibTorchContext.Global()));

    // at::Context::setUserEnabledMkldnn(bool) and at::Context::userEnabledMkldnn() const, by their Itanium C++ names; a
    // member function takes the object as its first argument.
    [LibraryImport(LibTorchContext.Library, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static partial void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [LibraryImport(LibTorchContext.Library, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool UserEnabledMkldnn(IntPtr context);
}
