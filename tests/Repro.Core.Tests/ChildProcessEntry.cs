using System.Globalization;
using Repro.Core.Cache;
using Repro.Core.Fingerprint;

namespace Repro.Core.Tests;

/// <summary>
/// The test assembly's entry point, used only when a test starts this assembly as a child process
/// (<c>dotnet Repro.Core.Tests.dll &lt;command&gt; ...</c>) to kill it for real at an arbitrary moment.
/// </summary>
public static class ChildProcessEntry
{
    /// <summary>Starts this test assembly as a child process running <paramref name="args"/>.</summary>
    public static System.Diagnostics.Process Start(params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var info = new System.Diagnostics.ProcessStartInfo(dotnet) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(ChildProcessEntry).Assembly.Location);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return System.Diagnostics.Process.Start(info)!;
    }

    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["save-forever", var source, var cache]:
                // Saves, empties the cache, saves again... until killed: a kill lands mid-copy, mid-rename or mid-delete.
                var store = new ObjectStore(cache);
                for (var round = 0; ; round++)
                {
                    Console.WriteLine($"round {round}");
                    await store.SaveAsync(source, new ContentHasher());
                    foreach (var id in store.EnumerateAll().ToList())
                        store.Delete(id);
                }
            case ["study-worker", var url, var study, var trials, var stallAt]:
                return Store.Postgres.StudyWorker.Run(
                    url,
                    study,
                    int.Parse(trials, CultureInfo.InvariantCulture),
                    int.Parse(stallAt, CultureInfo.InvariantCulture)
                );
            default:
                await Console.Error.WriteLineAsync("usage: save-forever <source> <cache> | study-worker <url> <study> <trials> <stall-at>");
                return 2;
        }
    }
}
