using System.Text.Json.Nodes;
using Repro.Core.Store;
using Repro.Tests.Shared;

namespace Repro.Tool.Tests.Commands;

/// <summary>A project whose store holds recorded runs, written through the real RunStore API.</summary>
public sealed class ExperimentsFixture : IDisposable
{
    private readonly DateTimeOffset start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private int runs;

    public ExperimentsFixture()
    {
        Project.Write("pipeline.yaml", "stages: {}\n");
        Directory.CreateDirectory(Project.Resolve(".repro"));
    }

    public TempDir Project { get; } = TempDir.Create();

    /// <summary>Records a finished run with one `train` stage, its params and its metrics.</summary>
    public string AddRun(string name, double lr, IReadOnlyDictionary<string, double> metrics, string fingerprint = "fp")
    {
        using var store = RunStore.Open(Project.Resolve(".repro/repro.db"));
        var id = $"{runs + 1:D2}aa{name.GetHashCode(StringComparison.Ordinal) & 0xffff:x4}";
        var created = start.AddMinutes(runs++);
        var parameters = new JsonObject
        {
            ["train"] = new JsonObject { ["lr"] = lr, ["epochs"] = 3 },
        };
        store.InsertRun(
            new RunRecord(
                id,
                name,
                created,
                created.AddSeconds(5),
                RunStatus.Succeeded,
                "abc123",
                "main",
                false,
                null,
                "repro run",
                parameters.ToJsonString(),
                42,
                """{"os":"linux","cores":"2"}"""
            )
        );
        store.AddStageExecution(new StageExecutionRecord(id, "train", fingerprint, StageStatus.Executed, 1234, 0, 7, "{}", "{}", null));
        store.SetMetrics(id, "train", metrics);
        return id;
    }

    public void Dispose() => Project.Dispose();
}
