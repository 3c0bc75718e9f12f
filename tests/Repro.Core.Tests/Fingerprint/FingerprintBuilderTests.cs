using Repro.Core.Fingerprint;
using Repro.Core.Pipeline;
using Repro.Core.Search;
using Repro.Core.Steps;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Fingerprint;

public class FingerprintBuilderTests
{
    [Fact]
    public void A_search_stage_is_fingerprinted_with_the_search_implementation_version()
    {
        // What the search outputs depend on includes the points its sampler proposes, so a sampler that proposes
        // other points makes another fingerprint; a run: stage has no implementation version.
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            params: params.yaml
            stages:
              train:
                run: echo ${train.lr}
              tune:
                uses: search
                with: { stage: train, space: { train.lr: "uniform(0, 1)" }, trials: 2, objective: { metric: m, direction: minimize } }
            """
        );
        project.Write("params.yaml", "train:\n  lr: 0.1\n");
        var pipeline = PipelineLoader.Load(project.Path);
        var steps = new StepCatalog([]);

        var search = FingerprintBuilder.Build(pipeline["tune"], new Dictionary<string, string>(), 0, steps);
        var command = FingerprintBuilder.Build(pipeline["train"], new Dictionary<string, string>(), 0, steps);

        search.Implementation.Should().Be(SearchImplementation.Version);
        command.Implementation.Should().BeNull();
    }
}
