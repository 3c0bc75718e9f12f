using System.Globalization;
using Repro.Core.Search;
using Repro.Core.Store.Postgres;
using Repro.Core.Tests.Search;

namespace Repro.Core.Tests.Store.Postgres;

/// <summary>
/// A search worker in a process of its own (<see cref="ChildProcessEntry"/>, <c>study-worker URL STUDY TRIALS STALL_AT</c>):
/// runs a cheap objective on the shared study until it has TRIALS trials, printing <c>start N</c> as each trial begins.
/// Its STALL_AT-th trial (from 0; -1 for none) prints <c>stalled N</c> and hangs, so a test can kill it mid-trial.
/// </summary>
internal static class StudyWorker
{
    public const string Space = """{"x": "uniform(-5, 5)", "layers": "int(1, 4)"}""";

    public static int Run(string url, string studyName, int trialCount, int stallAt)
    {
        using var store = PostgresStore.Open(url);
        var study = TestStudies.Create(Space, "tpe", seed: 11, storage: store, name: studyName);
        var done = 0;
        study.Optimize(
            trialCount,
            trial =>
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start {trial.Number}"));
                if (done++ == stallAt)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stalled {trial.Number}"));
                    Thread.Sleep(Timeout.Infinite);
                }
                Thread.Sleep(40);
                var x = trial.Float("x");
                return (x - 1) * (x - 1) + trial.Int("layers");
            }
        );
        Console.WriteLine("done");
        return 0;
    }
}
