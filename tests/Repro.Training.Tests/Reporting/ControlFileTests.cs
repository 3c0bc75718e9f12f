using Repro.Tests.Shared;
using Repro.Training.Reporting;

namespace Repro.Training.Tests.Reporting;

public class ControlFileTests
{
    [Theory]
    [InlineData("prune\n", ControlCommand.Prune)]
    [InlineData(" STOP ", ControlCommand.Stop)]
    [InlineData("", ControlCommand.None)]
    [InlineData("something else", ControlCommand.None)]
    public void The_control_file_says_what_the_engine_asks(string text, ControlCommand expected)
    {
        using var dir = TempDir.Create();

        var control = new ControlFile(dir.Write("control", text));

        control.Read().Should().Be(expected);
    }

    [Fact]
    public void A_control_file_not_yet_written_means_carry_on()
    {
        using var dir = TempDir.Create();

        new ControlFile(dir.Resolve("control")).Read().Should().Be(ControlCommand.None);
        new ControlFile(null).Read().Should().Be(ControlCommand.None);
    }

    [Fact]
    public void Awaiting_a_verdict_returns_once_the_engine_has_judged_that_step()
    {
        using var dir = TempDir.Create();
        var path = dir.Write("control", "continue 2\n");
        var control = new ControlFile(path, TimeSpan.FromSeconds(10));

        control.AfterEpoch(2).Should().Be(new ControlVerdict(ControlCommand.None, TimedOut: false));
        control.AfterEpoch(1).Should().Be(new ControlVerdict(ControlCommand.None, TimedOut: false));
        File.WriteAllText(path, "prune\n");
        control.AfterEpoch(3).Should().Be(new ControlVerdict(ControlCommand.Prune, TimedOut: false));
    }

    [Fact]
    public async Task Awaiting_a_verdict_waits_for_the_engine_to_write_it()
    {
        using var dir = TempDir.Create();
        var path = dir.Resolve("control");
        var control = new ControlFile(path, TimeSpan.FromSeconds(10));
        var engine = Task.Run(async () =>
        {
            await Task.Delay(200);
            await Repro.Core.Execution.ControlMessage.WriteAsync(path, Repro.Core.Execution.ControlMessage.Continue(1));
        });

        var waited = System.Diagnostics.Stopwatch.StartNew();
        var verdict = control.AfterEpoch(1);
        waited.Stop();

        verdict.Should().Be(new ControlVerdict(ControlCommand.None, TimedOut: false));
        // Not engine.IsCompleted: the trainer may read the file before the engine's task is marked complete.
        waited.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(150), "the trainer went on only after the engine's word");
        await engine;
    }

    [Fact]
    public void A_verdict_that_does_not_come_in_time_is_reported_and_training_goes_on()
    {
        using var dir = TempDir.Create();
        var control = new ControlFile(dir.Write("control", "continue 1\n"), TimeSpan.FromMilliseconds(50));
        var log = new StringWriter();

        control.AfterEpoch("train", 2, log).Should().Be(ControlCommand.None);

        log.ToString().Should().Contain("train: no word from the engine").And.Contain("after epoch 2; carrying on");
    }

    [Fact]
    public void Without_an_await_the_trainer_only_looks()
    {
        using var dir = TempDir.Create();
        var control = ControlFile.FromVariables(name => name == ControlFile.EnvironmentVariable ? dir.Resolve("control") : null);

        control.VerdictWait.Should().BeNull();
        control.AfterEpoch(5).Should().Be(new ControlVerdict(ControlCommand.None, TimedOut: false));
        ControlFile
            .FromVariables(name => name == ControlFile.AwaitVariable ? "2.5" : dir.Resolve("control"))
            .VerdictWait.Should()
            .Be(TimeSpan.FromSeconds(2.5));
    }
}
