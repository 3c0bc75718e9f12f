using System.Diagnostics;
using System.Security.Cryptography;
using Repro.Tests.Shared;

namespace Repro.Tool.Tests.Templates;

/// <summary>
/// What the template tests share: Repro.Core and Repro.Training packed from this build into a temporary feed, under a
/// version made from the assemblies' bytes (NuGet caches a package by id and version, so rebuilt bits must not reuse
/// a cached older copy), and the repo's templates installed into a private template hive (the user's stays as it is).
/// </summary>
public sealed class TemplateFixture : IDisposable
{
    private readonly TempDir work = TempDir.Create();

    public TemplateFixture()
    {
        RepoDirPath = FindRepo();
        // The test's own configuration (bin/<configuration>/...) says which build of the libraries to pack.
        var segments = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar);
        var configuration = segments[Array.LastIndexOf(segments, "bin") + 1];
        Version = $"0.1.0-t{BuildHash(configuration)}";
        foreach (
            var project in new[] { "pipeline-core/Repro.Core/Repro.Core.csproj", "pipeline-core/Repro.Training/Repro.Training.csproj" }
        )
        {
            Dotnet.Run(
                RepoDirPath,
                "pack",
                Path.Combine(RepoDirPath, project),
                "--no-build",
                "-c",
                configuration,
                $"-p:PackageVersion={Version}",
                "-o",
                FeedDirPath
            );
        }
        foreach (var template in new[] { "repro-cnn", "repro-lstm" })
            Dotnet.Run(
                work.Path,
                "new",
                "install",
                Path.Combine(RepoDirPath, "templates", "content", template),
                "--debug:custom-hive",
                HiveDirPath
            );
    }

    public string RepoDirPath { get; }

    /// <summary>The version Repro.Core and Repro.Training are packed under in <see cref="FeedDirPath"/>.</summary>
    public string Version { get; }

    public string FeedDirPath => work.Resolve("feed");

    public string HiveDirPath => work.Resolve("hive");

    /// <summary>Instantiates <paramref name="template"/> into a new temporary folder, restoring from the test feed.</summary>
    public TempDir Create(string template, params string[] options)
    {
        var project = TempDir.Create();
        Dotnet.Run(
            work.Path,
            [
                "new",
                template,
                "-o",
                project.Path,
                "--feed",
                FeedDirPath,
                "--repro-version",
                Version,
                .. options,
                "--debug:custom-hive",
                HiveDirPath,
            ]
        );
        return project;
    }

    public void Dispose() => work.Dispose();

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Repro.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Repro.sln above {AppContext.BaseDirectory}");
    }

    private string BuildHash(string configuration)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in new[] { "Repro.Core", "Repro.Training" })
            hash.AppendData(
                File.ReadAllBytes(Path.Combine(RepoDirPath, "pipeline-core", name, "bin", configuration, "net10.0", name + ".dll"))
            );
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}

/// <summary>Runs the <c>dotnet</c> CLI as a child process; a non-zero exit fails the test with everything it printed.</summary>
internal static class Dotnet
{
    public static string Run(string workingDirPath, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var all = output + error.Result;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', args)} exited with {process.ExitCode}:\n{all}");
        return all;
    }
}
