using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Repro.Core.Search;

namespace Repro.Core.Tests.Search;

public class SearchImplementationTests
{
    /// <summary>
    /// The proposals of each implementation version: a digest of the first 300 points of a seeded TPE study over 3
    /// continuous parameters (so joint normalisation applies), an int and a choice, at 6 significant digits so that a
    /// last-bit difference in a math library does not count. 300 trials pass the 225 (recent_trials + gamma_max) after
    /// which g(x) forgets its oldest trials, so a change to that window shows too.
    /// </summary>
    private static readonly Dictionary<string, string> ProposalsByVersion = new() { ["2"] = "b8bd15f0a37e078b" };

    [Fact]
    public void The_search_implementation_version_changes_when_the_proposals_do()
    {
        var study = TestStudies.Create(
            """{"x": "uniform(-5, 5)", "y": "uniform(0, 1)", "lr": "loguniform(1e-4, 1)", "layers": "int(1, 8)", "opt": "choice(sgd, adam)"}""",
            "tpe",
            seed: 11
        );
        study.Optimize(
            300,
            t =>
                Math.Pow(t.Float("x") - 1, 2)
                + Math.Pow(t.Float("y") - 0.7, 2)
                + Math.Pow(Math.Log10(t.Float("lr")) + 2, 2)
                + Math.Abs((long)t.Params["layers"] - 3)
                + (t.Params["opt"] is "adam" ? 0 : 1)
        );
        var text = new StringBuilder();
        foreach (var trial in study.Trials)
        foreach (var (name, value) in trial.Params)
            text.Append(
                CultureInfo.InvariantCulture,
                $"{name}={(value is double d ? d.ToString("G6", CultureInfo.InvariantCulture) : value)};"
            );
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];

        ProposalsByVersion
            .Should()
            .Contain(
                SearchImplementation.Version,
                digest,
                "a sampler that proposes other points needs a new SearchImplementation.Version (a cached search stage is"
                    + " then not taken for this one's result); bump it and pin the new digest here"
            );
    }
}
