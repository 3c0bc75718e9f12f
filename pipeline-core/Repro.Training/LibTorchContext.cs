using System.Runtime.InteropServices;

namespace Repro.Training;

/// <summary>
/// libtorch's global <c>at::Context</c>, whose kernel switches TorchSharp does not expose (<see cref="OneDnn"/>,
/// <see cref="Nnpack"/>), and a guard for calls into libtorch by their C++ names.
/// </summary>
internal static partial class LibTorchContext
{
    /// <summary>The library the C++ entry points are in.</summary>
    public const string Library = "libtorch_cpu.so";

    /// <summary>The result of <paramref name="call"/>; null when libtorch lacks the entry point (another ABI).</summary>
    public static T? TryCall<T>(Func<T> call)
        where T : struct
    {
        try
        {
            return call();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Runs <paramref name="call"/>; false when libtorch lacks the entry point (another ABI).</summary>
    public static bool TryCall(Action call) =>
        TryCall(() =>
        {
            call();
            return true;
        }) ?? false;

    // at::globalContext(), by its Itanium C++ name.
    [LibraryImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
    public static partial IntPtr Global();
}
