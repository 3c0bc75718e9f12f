using Repro.Core;
using Repro.Tests.Shared;
using Repro.Training.Data;
using Repro.Training.Steps;

namespace Repro.Training.Tests.Steps;

[Collection("Torch")]
public class CsvStepTests
{
    // Twenty rows: x = i, y = 2i, label "even"/"odd".
    private static string Table(int rows = 20) =>
        "x,y,kind\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i},{2 * i},{(i % 2 == 0 ? "even" : "odd")}\n"));

    [Fact]
    public async Task A_table_with_text_labels_becomes_classes_in_name_order_with_a_seeded_split()
    {
        using var project = TempDir.Create();
        project.Write("raw/table.csv", Table());
        var request = StepRequests.For("data/csv", project.Path, """{"source": "raw/table.csv", "label": "kind", "val_fraction": 0.25}""");

        await new CsvStep().RunAsync(request, default);
        using var dataset = PreparedDataset.Load(project.Resolve("data/prepared"));

        dataset.Info.Kind.Should().Be(DatasetKinds.Classification);
        dataset.Info.ClassNames.Should().Equal("even", "odd");
        dataset.Info.FeatureNames.Should().Equal("x", "y");
        dataset.Info.InputShape.Should().Equal(2);
        dataset.Info.Splits.Should().Equal(new Dictionary<string, long> { ["train"] = 15, ["val"] = 5 });
        // Every row keeps its own label through the split: undo the normalization and check x's parity.
        var n = dataset.Info.Normalization;
        foreach (var split in new[] { dataset.Train, dataset.Val! })
        {
            var x = split.X.select(1, 0).data<float>().ToArray().Select(v => (int)Math.Round((v * n.Std[0]) + n.Mean[0]));
            split.Y.data<long>().ToArray().Should().Equal(x.Select(i => (long)(i % 2)));
        }
        // Stats come from the training rows only.
        dataset.Train.X.mean([0]).data<float>().ToArray().Should().AllSatisfy(m => m.Should().BeApproximately(0, 1e-5f));
    }

    [Fact]
    public async Task A_regression_table_keeps_targets_in_their_units_and_the_same_seed_writes_identical_files()
    {
        using var project = TempDir.Create();
        project.Write("t.csv", Table());
        const string with = """{"source": "t.csv", "label": "y", "ignore": ["kind"], "task": "regression", "test_fraction": 0.2}""";

        await new CsvStep().RunAsync(StepRequests.For("data/csv", project.Path, with, outs: ["a"]), default);
        await new CsvStep().RunAsync(StepRequests.For("data/csv", project.Path, with, outs: ["b"]), default);

        using var dataset = PreparedDataset.Load(project.Resolve("a"));
        dataset.Info.Kind.Should().Be(DatasetKinds.Regression);
        dataset.Info.FeatureNames.Should().Equal("x");
        dataset
            .Info.Splits.Should()
            .Equal(
                new Dictionary<string, long>
                {
                    ["train"] = 12,
                    ["val"] = 4,
                    ["test"] = 4,
                }
            );
        var n = dataset.Info.Normalization;
        var x = dataset.Test!.X.select(1, 0).data<float>().ToArray().Select(v => (v * n.Std[0]) + n.Mean[0]);
        dataset
            .Test.Y.data<float>()
            .ToArray()
            .Should()
            .BeEquivalentTo(x.Select(v => (float)Math.Round(2 * v)), o => o.WithStrictOrdering());
        foreach (var file in Directory.GetFiles(project.Resolve("a")).Select(Path.GetFileName))
            File.ReadAllBytes(project.Resolve($"b/{file}")).Should().Equal(File.ReadAllBytes(project.Resolve($"a/{file}")), file);
    }

    [Fact]
    public async Task A_separate_test_file_is_the_test_split()
    {
        using var project = TempDir.Create();
        project.Write("train.csv", Table(10));
        project.Write("test.csv", "x,y,kind\n100,200,odd\n101,202,even\n");

        await new CsvStep().RunAsync(
            StepRequests.For(
                "data/csv",
                project.Path,
                """{"source": "train.csv", "test_source": "test.csv", "label": "kind", "val_fraction": 0}"""
            ),
            default
        );

        using var dataset = PreparedDataset.Load(project.Resolve("data/prepared"));
        dataset.Info.Splits.Should().Equal(new Dictionary<string, long> { ["train"] = 10, ["test"] = 2 });
        dataset.Test!.Y.data<long>().ToArray().Should().Equal(1, 0);
        dataset.Info.Sources.Select(s => s.Path).Should().Equal("train.csv", "test.csv");
    }

    [Fact]
    public async Task Unknown_columns_are_reported_at_their_keys_with_a_suggestion()
    {
        using var project = TempDir.Create();
        project.Write("t.csv", Table());
        var request = StepRequests.For(
            "data/csv",
            project.Path,
            """{"source": "t.csv", "label": "knid", "features": ["x", "zeta"]}""",
            locations: new() { ["with.label"] = new("pipeline.yaml", 4, 12), ["with.features[1]"] = new("pipeline.yaml", 5, 20) }
        );

        var act = () => new CsvStep().RunAsync(request, default);

        (await act.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .Be(
                string.Join(
                    Environment.NewLine,
                    "pipeline.yaml:4:12: error: t.csv has no column 'knid'",
                    "  hint: did you mean 'kind'?",
                    "pipeline.yaml:5:20: error: t.csv has no column 'zeta'",
                    "  hint: its columns are x, y, kind"
                )
            );
    }

    [Fact]
    public async Task Bad_values_and_labels_out_of_range_are_reported_at_their_line_and_column()
    {
        using var project = TempDir.Create();
        project.Write("t.csv", "a,b,label\n1,2,0\n1,x,1\n3,4,5\n1,2\n");

        var act = () =>
            new CsvStep().RunAsync(
                StepRequests.For("data/csv", project.Path, """{"source": "t.csv", "label": "label", "num_classes": 3}"""),
                default
            );

        (await act.Should().ThrowAsync<ReproException>())
            .Which.Diagnostics.Select(d => d.ToString())
            .Should()
            .Equal("t.csv:5:1: error: 2 fields, but the header has 3 columns");

        project.Write("t.csv", "a,b,label\n1,2,0\n1,x,1\n3,4,5\n");
        (await act.Should().ThrowAsync<ReproException>())
            .Which.Diagnostics.Select(d => d.ToString())
            .Should()
            .Equal(
                "t.csv:3:3: error: column 'b' holds 'x'; expected a number",
                "t.csv:4:5: error: label 5 is out of range; expected 0 to 2"
            );
    }

    [Fact]
    public async Task A_label_outside_the_named_classes_gets_a_suggestion()
    {
        using var project = TempDir.Create();
        project.Write("t.csv", "a,label\n1,cat\n2,dgo\n");

        var act = () =>
            new CsvStep().RunAsync(
                StepRequests.For("data/csv", project.Path, """{"source": "t.csv", "label": "label", "classes": ["cat", "dog"]}"""),
                default
            );

        (await act.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .Be("t.csv:3:3: error: label 'dgo' is not one of the classes" + Environment.NewLine + "  hint: did you mean 'dog'?");
    }

    [Fact]
    public async Task A_missing_file_is_reported_at_the_source_key()
    {
        using var project = TempDir.Create();
        var request = StepRequests.For(
            "data/csv",
            project.Path,
            """{"source": "nope.csv", "label": "y"}""",
            locations: new() { ["with.source"] = new("pipeline.yaml", 3, 14) }
        );

        var act = () => new CsvStep().RunAsync(request, default);

        (await act.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .StartWith("pipeline.yaml:3:14: error: CSV file 'nope.csv' not found");
    }

    [Fact]
    public void Mistakes_in_the_arguments_of_data_steps_fail_when_the_pipeline_loads()
    {
        using var project = TempDir.Create();

        var problems = LoadedPipelines.Problems(
            project,
            """
            stages:
              table:
                uses: data/csv
                with: { source: t.csv, label: y, delimiter: ";;", test_source: u.csv, test_fraction: 0.1 }
                outs: [data/table]
              series:
                uses: data/sequence
                with: { source: s.csv, column: value, windw: 8 }
                outs: [data/series]
              text:
                uses: data/text
                with: { source: corpus.txt, tokenizer: word }
                outs: [data/text]
              images:
                uses: data/fashion-mnist
                with: { val_fraction: 1 }
                outs: [data/images]
            """,
            new CsvStep(),
            new SequenceStep(),
            new TextStep(),
            MnistStep.FashionMnist()
        );

        problems
            .Should()
            .Be(
                """
                pipeline.yaml:4:49: error: delimiter ';;' must be a single character
                pipeline.yaml:4:90: error: set test_fraction or test_source, not both
                pipeline.yaml:8:11: error: missing required key 'with.window'
                pipeline.yaml:8:50: error: unknown key 'with.windw'
                  hint: did you mean 'window'?
                pipeline.yaml:12:44: error: unknown tokenizer 'word'; expected one of char, byte
                pipeline.yaml:16:27: error: 'with.val_fraction': expected a number in [0, 1), got 1
                """
            );
    }

    [Fact]
    public void Quoted_fields_may_hold_the_delimiter_and_quotes()
    {
        using var project = TempDir.Create();
        var path = project.Write("q.csv", "name,value\n\"a, b\",1\n\"say \"\"hi\"\"\",2\n\n");

        var table = CsvTable.Read(path, "q.csv");

        table.Rows.Select(r => r.Fields[0]).Should().Equal("a, b", "say \"hi\"");
        table.Rows.Select(r => r.Line).Should().Equal(2, 3);
        table.Rows[1].Columns.Should().Equal(1, 14);
    }
}
