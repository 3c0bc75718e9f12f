using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Store.Postgres;

/// <summary>
/// A real PostgreSQL server for the tests, started once per test run: <c>initdb</c> in a temp folder, <c>postgres</c> on
/// a free loopback port with its unix socket in that folder, trust authentication for the user <c>repro</c>. PostgreSQL
/// refuses to run as root, so as root the server runs as the <c>postgres</c> user (Debian's package creates it) or
/// <c>nobody</c>, through <c>runuser</c>. Where it cannot start, <see cref="SkipReason"/> says why and the tests skip.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly TempDir? dir;
    private readonly string? binDirPath;
    private readonly string? runAs;
    private int databases;

    public PostgresServer()
    {
        try
        {
            binDirPath = FindBinDir();
            if (binDirPath is null)
            {
                SkipReason = "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin): apt-get install postgresql";
                return;
            }
            runAs = Run("id", "-u").Trim() == "0" ? (Run("id", "-u", "postgres").Length > 0 ? "postgres" : "nobody") : null;
            dir = TempDir.Create();
            if (runAs is not null)
                Run("chown", runAs, dir.Path);
            Port = FreePort();
            var data = dir.Resolve("data");
            Pg("initdb", "-D", data, "-U", "repro", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync");
            Pg(
                "pg_ctl",
                "-D",
                data,
                "-l",
                dir.Resolve("server.log"),
                "-w",
                "-t",
                "60",
                "-o",
                $"-c listen_addresses=127.0.0.1 -p {Port} -k {dir.Path} -c fsync=off -c synchronous_commit=off -c max_connections=100",
                "start"
            );
        }
        catch (Exception ex)
        {
            var log = dir is not null && File.Exists(dir.Resolve("server.log")) ? File.ReadAllText(dir.Resolve("server.log")) : "";
            SkipReason = $"PostgreSQL could not be started: {ex.Message} {log}".Trim();
            Console.Error.WriteLine(SkipReason);
        }
    }

    /// <summary>Why the server is not there, or null when it runs.</summary>
    public string? SkipReason { get; }

    public int Port { get; }

    /// <summary>Creates an empty database for one test and returns its <c>postgres://</c> URL, with <paramref name="query"/> appended.</summary>
    public string CreateDatabase(string query = "")
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref databases)}";
        using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=repro;Database=postgres;Pooling=false"))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        return $"postgres://repro@127.0.0.1:{Port}/{name}" + (query.Length > 0 ? "?" + query : "");
    }

    public void Dispose()
    {
        if (dir is null)
            return;
        if (SkipReason is null)
        {
            try
            {
                Pg("pg_ctl", "-D", dir.Resolve("data"), "-m", "immediate", "stop");
            }
            catch (InvalidOperationException)
            {
                // Already gone: nothing to stop.
            }
        }
        dir.Dispose();
    }

    private static string? FindBinDir()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")))
                return folder;
        return Directory.Exists("/usr/lib/postgresql")
            ? Directory
                .GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Pg(string tool, params string[] args)
    {
        var path = Path.Combine(binDirPath!, tool);
        if (runAs is null)
            Run(path, args);
        else
            Run("runuser", ["-u", runAs, "--", path, .. args]);
    }

    /// <summary>Runs a program and returns its stdout; a non-zero exit throws with its output (id -u of a missing user gives "").</summary>
    private static string Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && !(program == "id" && args.Length == 2))
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Trim()}");
        return process.ExitCode == 0 ? stdout.Result : "";
    }
}
