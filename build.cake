// Repro's build: Build, Test, Pack, Install, Demo, Bench (contract: DESIGN.md §1).
var target = Argument("target", "Build");
var configuration = Argument("configuration", "Release");
var torchBackend = Argument("torch-backend", "cpu");

var root = MakeAbsolute(Directory("."));
var artifacts = root.Combine("artifacts");
var packages = artifacts.Combine("packages");
var testResults = artifacts.Combine("test-results");
var version = XmlPeek(File("Directory.Build.props"), "/Project/PropertyGroup/Version");

DotNetMSBuildSettings Msbuild() => new DotNetMSBuildSettings().WithProperty("TorchBackend", torchBackend);

Task("Clean").Does(() =>
{
    CleanDirectory(artifacts);
});

Task("Build").Does(() =>
{
    // CSharpier formats on build (STYLE.md): nobody argues about layout, and diffs stay about behaviour.
    if (StartProcess("dotnet", new ProcessSettings { Arguments = "csharpier format .", RedirectStandardOutput = true }) != 0)
        throw new Exception("csharpier failed");
    DotNetBuild("Repro.sln", new DotNetBuildSettings { Configuration = configuration, MSBuildSettings = Msbuild() });
});

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(testResults);
    var failed = false;
    foreach (var project in GetFiles("tests/**/*.Tests.csproj"))
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                Loggers = { $"trx;LogFileName={name}.trx", "console;verbosity=normal" },
                ResultsDirectory = testResults,
            });
        }
        catch (Exception ex)
        {
            Error($"{name}: {ex.Message}");
            failed = true;
        }
    }
    var (passed, failedCount, skipped) = SumTrx(GetFiles($"{testResults}/*.trx"));
    var summary = $"{passed} passed, {failedCount} failed, {skipped} skipped";
    System.IO.File.WriteAllText(testResults.CombineWithFilePath("summary.txt").FullPath, summary + "\n");
    Information(summary);
    if (failed || failedCount > 0 || passed == 0)
        throw new Exception($"tests failed: {summary}");
});

Task("Pack")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(packages);
    foreach (var project in new[] { "pipeline-core/Repro.Core/Repro.Core.csproj", "pipeline-core/Repro.Training/Repro.Training.csproj", "tool/Repro.Tool/Repro.Tool.csproj" })
    {
        DotNetPack(project, new DotNetPackSettings { Configuration = configuration, OutputDirectory = packages, MSBuildSettings = Msbuild() });
    }
    foreach (var template in GetFiles("templates/*.csproj"))
        DotNetPack(template.FullPath, new DotNetPackSettings { Configuration = configuration, OutputDirectory = packages });
});

Task("Install")
    .IsDependentOn("Pack")
    .Does(() =>
{
    // A rebuilt package keeps its version: drop NuGet's cached copy so the new bits are installed, not the old ones.
    var nugetCache = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? System.IO.Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    foreach (var id in new[] { "repro.tool", "repro.tool.linux-x64", "repro.core", "repro.training" })
    {
        var cached = System.IO.Path.Combine(nugetCache, id, version);
        if (System.IO.Directory.Exists(cached)) System.IO.Directory.Delete(cached, true);
    }
    StartProcess("dotnet", new ProcessSettings { Arguments = "tool uninstall --global Repro.Tool", RedirectStandardOutput = true, RedirectStandardError = true });
    var exit = StartProcess("dotnet", new ProcessSettings { Arguments = $"tool install --global Repro.Tool --version {version} --add-source \"{packages}\"" });
    if (exit != 0) throw new Exception("dotnet tool install failed");
    var toolsDir = System.IO.Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".dotnet", "tools");
    var path = System.Environment.GetEnvironmentVariable("PATH") ?? "";
    if (!path.Split(':').Contains(toolsDir))
        Warning($"{toolsDir} is not on PATH: add it (export PATH=\"$PATH:{toolsDir}\") so that 'dotnet repro' finds the tool.");
});

Task("Demo")
    .IsDependentOn("Install")
    .Does(() =>
{
    var demo = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "repro-demo-" + System.Guid.NewGuid().ToString("N")[..8]);
    var script = root.CombineWithFilePath("examples/demo.sh");
    Information($"Demo in {demo}");
    var exit = StartProcess("bash", new ProcessSettings { Arguments = $"\"{script}\" \"{demo}\"", WorkingDirectory = root });
    if (exit != 0) throw new Exception($"demo failed with exit code {exit}");
});

Task("Bench")
    .Does(() =>
{
    var exit = StartProcess("bash", new ProcessSettings { Arguments = "bench/run.sh", WorkingDirectory = root });
    if (exit != 0) throw new Exception($"benchmarks failed with exit code {exit}");
});

RunTarget(target);

// Passed and failed from each TRX's counters; skipped from its results' outcomes, because xunit's skips (Skip=, and
// SkippableFact's Skip.If) are results with outcome="NotExecuted" that the counters' notExecuted leaves at 0.
static (int Passed, int Failed, int Skipped) SumTrx(IEnumerable<FilePath> files)
{
    int passed = 0, failed = 0, skipped = 0;
    foreach (var file in files)
    {
        var doc = System.Xml.Linq.XDocument.Load(file.FullPath);
        var counters = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
        if (counters is null) continue;
        int Read(string name) => int.TryParse(counters.Attribute(name)?.Value, out var n) ? n : 0;
        passed += Read("passed");
        failed += Read("failed") + Read("error") + Read("timeout") + Read("aborted");
        // Top-level results only: a data-driven test's InnerResults are rows of one result.
        var notExecuted = doc.Descendants()
            .Where(e => e.Name.LocalName == "Results")
            .Take(1)
            .SelectMany(r => r.Elements().Where(e => e.Name.LocalName == "UnitTestResult"))
            .Count(r => (string)r.Attribute("outcome") == "NotExecuted");
        skipped += Math.Max(Read("notExecuted"), notExecuted);
    }
    return (passed, failed, skipped);
}
