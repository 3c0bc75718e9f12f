using System.Globalization;
using System.Text.Json.Nodes;
using Repro.Core.Experiments;
using Repro.Core.Search;
using Repro.Core.Search.Pruners;
using Repro.Core.Search.Samplers;
using Repro.Tool.Reports;
using SpaceModel = Repro.Core.Search.SearchSpace.SearchSpace;

// Writes report-<trials>.html for each study size given, plus a probed copy (probed-<trials>.html) whose script records,
// at the load event, the time since navigation start and how many charts plotly drew, into the DOM for --dump-dom.
// probed-<trials>-full.html is the same report with the full plotly.js that Plotly.NET embeds instead of the report's
// partial bundle: what opening a report cost before. Usage: Repro.Bench.Plots OUTPUT_DIR TRIALS...
const string Probe = """
    window.addEventListener('load', function () {
      var out = document.createElement('pre');
      out.id = 'bench';
      var drawn = function () { return Array.prototype.filter.call(document.querySelectorAll('.js-plotly-plot'), function (g) { return g.querySelector('.main-svg'); }).length; };
      var loadMs = performance.now(), atLoad = drawn();
      // The report draws the charts below the first screen lazily; drawing them all now gives the time to the whole page.
      if (window.reproDrawAll) window.reproDrawAll();
      out.textContent = JSON.stringify({ loadMs: loadMs, allMs: performance.now(), chartsAtLoad: atLoad, charts: drawn(), figures: document.querySelectorAll('figure.chart').length });
      document.body.appendChild(out);
    });
    """;

var outputDirPath = args[0];
Directory.CreateDirectory(outputDirPath);
foreach (var trials in args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)))
{
    var html = HtmlReport.Render(
        new ReportModel($"bench: {trials} trials", [Run("a", 0.05), Run("b", 0.1)], [StudyReport.From(Study(trials), "val_acc")], [], [])
    );
    File.WriteAllText(Path.Combine(outputDirPath, $"report-{trials}.html"), html);
    File.WriteAllText(
        Path.Combine(outputDirPath, $"probed-{trials}.html"),
        html.Replace("<head>", "<head>\n<script>" + Probe + "</script>", StringComparison.Ordinal)
    );
    File.WriteAllText(
        Path.Combine(outputDirPath, $"probed-{trials}-full.html"),
        html.Replace("<head>", "<head>\n<script>" + Probe + "</script>", StringComparison.Ordinal)
            .Replace(PlotlyScript.Text, FullPlotlyJs(), StringComparison.Ordinal)
    );
    Console.WriteLine($"{trials} {html.Length}");
}

static string FullPlotlyJs()
{
    var assembly = typeof(Plotly.NET.GenericChart).Assembly;
    var name = assembly
        .GetManifestResourceNames()
        .Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
    using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
    return "/*! plotly.js (full bundle, as Plotly.NET embeds it) */\n" + reader.ReadToEnd();
}

static ReportExperiment Run(string name, double lr)
{
    const int epochs = 50;
    var points = Enumerable
        .Range(1, epochs)
        .SelectMany(e =>
            new[]
            {
                ("train", (long)e, "train_loss", 2.0 * Math.Exp(-lr * e)),
                ("train", (long)e, "val_loss", 2.1 * Math.Exp(-lr * e) + 0.1),
                ("train", (long)e, "train_acc", 1 - Math.Exp(-lr * e)),
                ("train", (long)e, "val_acc", 0.95 - Math.Exp(-lr * e)),
                ("train", (long)e, "lr", lr * Math.Cos(Math.PI * e / (2 * epochs))),
            }
        );
    var snapshot = new ExperimentSnapshot
    {
        Id = name,
        Name = name,
        Metrics = new Dictionary<string, double> { ["val_acc"] = 0.9 + lr },
    };
    return new ReportExperiment(snapshot, MetricSeries.Group(points), []);
}

// A real TPE study with a median pruner over a simulated 10-epoch curve, as in the report tests.
static Study Study(int trials)
{
    var space = SpaceModel.Parse(
        JsonNode
            .Parse(
                """{"train.lr": "loguniform(1e-4, 1e-1)", "train.dropout": "uniform(0, 0.5)", "train.optimizer": "choice(sgd, adam)", "train.layers": "int(1, 4)"}"""
            )!
            .AsObject()
    );
    var study = Repro.Core.Search.Study.CreateOrLoad(
        new InMemoryStudyStorage(),
        new StudyRecord("tune", StudyDirection.Maximize, 42),
        space,
        SamplerFactory.Create("tpe", space),
        new MedianPruner(new MedianPrunerOptions { StartupTrials = 5 })
    );
    study.Optimize(
        trials,
        trial =>
        {
            var ceiling =
                0.9 - 0.3 * Math.Pow(Math.Log10(trial.Float("train.lr")) + 2, 2) / 4 - 0.1 * Math.Abs(trial.Float("train.dropout") - 0.2);
            var accuracy = 0.0;
            for (var epoch = 1; epoch <= 10; epoch++)
            {
                accuracy = ceiling * (1 - Math.Exp(-epoch / 3.0));
                if (trial.Report(epoch, accuracy))
                    break;
            }
            return accuracy;
        }
    );
    return study;
}
