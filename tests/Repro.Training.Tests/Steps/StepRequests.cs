using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Core.Steps;

namespace Repro.Training.Tests.Steps;

/// <summary>Builds the request the engine would send for a stage in <paramref name="projectDirPath"/>.</summary>
internal static class StepRequests
{
    public static StepRequest For(
        string step,
        string projectDirPath,
        string withJson,
        string[]? outs = null,
        string[]? metrics = null,
        long seed = 42,
        Dictionary<string, SourceLocation>? locations = null
    ) =>
        new()
        {
            Step = step,
            Stage = "prepare",
            ProjectDirPath = projectDirPath,
            RunDirPath = Path.Combine(projectDirPath, ".repro", "runs", "r1"),
            RunId = "r1",
            Seed = seed,
            With = JsonNode.Parse(withJson)!.AsObject(),
            Outs = outs ?? ["data/prepared"],
            Metrics = metrics ?? [],
            Locations = locations ?? new Dictionary<string, SourceLocation>(),
            Threads = 1,
        };
}
