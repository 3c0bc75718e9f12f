using System.Text.Json.Nodes;
using Repro.Core.Search;
using Repro.Core.Search.Pruners;
using Repro.Core.Search.Samplers;
using SpaceModel = Repro.Core.Search.SearchSpace.SearchSpace;

namespace Repro.Core.Tests.Search;

/// <summary>Studies in memory for tests: a space written as JSON, a sampler and pruner by name.</summary>
internal static class TestStudies
{
    public static SpaceModel Space(string json) => SpaceModel.Parse(JsonNode.Parse(json)!.AsObject());

    public static Study Create(
        string spaceJson,
        string sampler = "random",
        IPruner? pruner = null,
        StudyDirection direction = StudyDirection.Minimize,
        long seed = 42,
        IStudyStorage? storage = null,
        string name = "study"
    ) => Create(Space(spaceJson), SamplerNode(sampler), pruner, direction, seed, storage, name);

    public static Study Create(
        SpaceModel space,
        JsonNode sampler,
        IPruner? pruner = null,
        StudyDirection direction = StudyDirection.Minimize,
        long seed = 42,
        IStudyStorage? storage = null,
        string name = "study"
    ) =>
        Study.CreateOrLoad(
            storage ?? new InMemoryStudyStorage(),
            new StudyRecord(name, direction, seed),
            space,
            SamplerFactory.Create(sampler, space),
            pruner
        );

    /// <summary>
    /// A sampler by name; the grid gets 4 points per continuous parameter so every space can be gridded, and
    /// <c>tpe-univariate</c> and <c>tpe-multivariate</c> name TPE's two modes whichever is the default.
    /// </summary>
    public static JsonNode SamplerNode(string name) =>
        name switch
        {
            "grid" => new JsonObject { ["type"] = "grid", ["grid_points"] = 4 },
            "tpe-univariate" => new JsonObject { ["type"] = "tpe", ["multivariate"] = false },
            "tpe-multivariate" => new JsonObject { ["type"] = "tpe", ["multivariate"] = true },
            _ => JsonValue.Create(name),
        };

    /// <summary>Runs a trial through the study with a hand-made curve, reporting each value and pruning when told.</summary>
    public static Trial RunCurve(Study study, params double[] curve)
    {
        var trial = study.Ask()!;
        for (var step = 0; step < curve.Length; step++)
        {
            study.Report(trial.Number, step, curve[step]);
            if (study.ShouldPrune(trial.Number))
                return study.Prune(trial.Number);
        }
        return study.Tell(trial.Number, curve[^1]);
    }
}
