using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Execution.Slurm;

/// <summary>
/// A real one-node Slurm cluster (munged, slurmctld, slurmd from Debian's slurm-wlm) for the tests, started once per test
/// run by the repo's <c>.ci/slurm/start-local-cluster.sh</c> in a temp folder, on free ports. Where it cannot start (not
/// root, packages missing), <see cref="SkipReason"/> says why and the tests skip.
/// </summary>
public sealed partial class SlurmCluster : IDisposable
{
    private readonly TempDir? dir;
    private readonly string? scriptsDirPath;

    public SlurmCluster()
    {
        scriptsDirPath = FindScripts();
        if (scriptsDirPath is null)
        {
            SkipReason = "the .ci/slurm scripts were not found above the test assembly";
            return;
        }
        dir = TempDir.Create();
        var (code, output) = Run(
            Path.Combine(scriptsDirPath, "start-local-cluster.sh"),
            [dir.Path],
            new Dictionary<string, string>
            {
                // Tests never install packages (.ci/run does); free ports keep clear of any other cluster on this host.
                ["SLURM_LOCAL_NO_INSTALL"] = "1",
                ["SLURM_LOCAL_CTLD_PORT"] = $"{FreePort()}",
                ["SLURM_LOCAL_SLURMD_PORT"] = $"{FreePort()}",
                ["SLURM_LOCAL_REAL_MEMORY"] = "2000",
            }
        );
        if (code != 0)
        {
            SkipReason = $"a local Slurm cluster could not be started (exit {code}): {output.Trim()}";
            Console.Error.WriteLine(SkipReason);
            return;
        }
        ConfPath = Path.Combine(dir.Path, "slurm.conf");
    }

    /// <summary>Why the cluster is not there, or null when it runs.</summary>
    public string? SkipReason { get; }

    /// <summary>The cluster's slurm.conf: every Slurm command needs it as <c>SLURM_CONF</c>.</summary>
    public string ConfPath { get; } = "";

    /// <summary>The environment that points Slurm commands at this cluster.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?> { ["SLURM_CONF"] = ConfPath };

    /// <summary><c>scontrol show job -o ID</c>: the job as slurmctld remembers it.</summary>
    public string ShowJob(string jobId) =>
        Run("scontrol", ["show", "job", "-o", jobId], new Dictionary<string, string> { ["SLURM_CONF"] = ConfPath }).Output;

    /// <summary>The job's state word (<c>JobState=</c>), waiting up to 5 s for it to become <paramref name="expected"/>.</summary>
    public async Task<string> JobStateAsync(string jobId, string expected)
    {
        var state = "";
        for (var i = 0; i < 50; i++)
        {
            state = JobStateWord().Match(ShowJob(jobId)) is { Success: true } m ? m.Groups[1].Value : "";
            if (state == expected)
                break;
            await Task.Delay(100);
        }
        return state;
    }

    public void Dispose()
    {
        if (dir is null)
            return;
        if (scriptsDirPath is not null)
            Run(Path.Combine(scriptsDirPath, "stop-local-cluster.sh"), [dir.Path], new Dictionary<string, string>());
        dir.Dispose();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bJobState=(\S+)")]
    private static partial System.Text.RegularExpressions.Regex JobStateWord();

    private static string? FindScripts()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var scripts = Path.Combine(folder.FullName, ".ci", "slurm");
            if (File.Exists(Path.Combine(scripts, "start-local-cluster.sh")))
                return scripts;
        }
        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (int Code, string Output) Run(string program, string[] args, Dictionary<string, string> env)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in env)
            info.Environment[name] = value;
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (127, ex.Message);
        }
    }
}
