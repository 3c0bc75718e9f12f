using Repro.Core.Search.Execution;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Search.Execution;

public class MetricsStreamTailTests
{
    [Fact]
    public void A_tail_returns_each_complete_line_once_and_waits_for_a_half_written_one()
    {
        using var dir = TempDir.Create();
        var path = dir.Resolve("stream.jsonl");
        var tail = new MetricsStreamTail(path);

        var before = tail.ReadNew();
        File.AppendAllText(path, "{\"step\": 1, \"loss\": 0.5}\nnot json\n{\"step\": 2, \"lo");
        var first = tail.ReadNew();
        File.AppendAllText(path, "ss\": 0.25}\n");
        var second = tail.ReadNew();
        var third = tail.ReadNew();

        before.Should().BeEmpty();
        first.Should().ContainSingle().Which.Step.Should().Be(1);
        second.Should().ContainSingle().Which.Values["loss"].Should().Be(0.25);
        third.Should().BeEmpty();
    }
}
