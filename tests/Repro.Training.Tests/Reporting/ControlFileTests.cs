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
}
