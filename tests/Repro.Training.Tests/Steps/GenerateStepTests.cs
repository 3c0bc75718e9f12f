using Repro.Tests.Shared;
using Repro.Training.Steps;

namespace Repro.Training.Tests.Steps;

// Generation itself is tested with the models it samples from: LanguageModelTrainStepTests, DcganTrainStepTests.
[Collection("Torch")]
public class GenerateStepTests
{
    [Fact]
    public void Mistakes_in_generate_arguments_fail_when_the_pipeline_loads_before_the_model_kind_is_known()
    {
        using var project = TempDir.Create();

        var problems = LoadedPipelines.Problems(
            project,
            """
            stages:
              text:
                uses: generate
                with: { model: models/lm.pt, promt: "to be", temperature: -1, samples: 0 }
                outs: [samples/text.txt]
              images:
                uses: generate
                with: { model: models/gan.pt, columns: 0, seed: -3 }
                outs: [samples/grid.png]
            """,
            new GenerateStep()
        );

        // A text key beside an image key is only wrong for the model file's kind, which is checked when the stage runs.
        problems
            .Should()
            .Be(
                """
                pipeline.yaml:4:41: error: unknown key 'with.promt'
                  hint: did you mean 'prompt'?
                pipeline.yaml:4:63: error: 'with.temperature': expected a non-negative number, got -1
                pipeline.yaml:4:76: error: 'with.samples': expected a positive integer, got 0
                pipeline.yaml:8:44: error: 'with.columns': expected a positive integer, got 0
                pipeline.yaml:8:53: error: 'with.seed': expected a non-negative integer, got -3
                """
            );
    }
}
