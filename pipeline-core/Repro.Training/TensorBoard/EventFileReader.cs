using Google.Protobuf;

namespace Repro.Training.TensorBoard;

/// <summary>Reads TensorBoard event files back (checking every record's CRC): the scalars and the summary tags.</summary>
public static class EventFileReader
{
    /// <summary>Every scalar in <paramref name="path"/>, in file order.</summary>
    public static IReadOnlyList<ScalarEvent> ReadScalars(string path) =>
        [.. ReadValues(path).Where(v => v.Value is not null).Select(v => new ScalarEvent(v.Tag, v.Step, v.Value!.Value))];

    /// <summary>Every summary value's tag, step and simple value (null for plugin summaries such as hparams).</summary>
    public static IReadOnlyList<(string Tag, long Step, float? Value)> ReadValues(string path)
    {
        using var stream = File.OpenRead(path);
        var values = new List<(string, long, float?)>();
        foreach (var record in TfRecord.ReadAll(stream))
        {
            long step = 0;
            var input = new CodedInputStream(record);
            var summaries = new List<ByteString>();
            for (uint tag; (tag = input.ReadTag()) != 0; )
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 2:
                        step = input.ReadInt64();
                        break;
                    case 5:
                        summaries.Add(input.ReadBytes());
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
            foreach (var summary in summaries)
            {
                var summaryInput = summary.CreateCodedInput();
                for (uint tag; (tag = summaryInput.ReadTag()) != 0; )
                {
                    if (WireFormat.GetTagFieldNumber(tag) == 1)
                        values.Add(ReadValue(summaryInput.ReadBytes(), step));
                    else
                        summaryInput.SkipLastField();
                }
            }
        }
        return values;
    }

    private static (string, long, float?) ReadValue(ByteString bytes, long step)
    {
        var input = bytes.CreateCodedInput();
        var name = "";
        float? value = null;
        for (uint tag; (tag = input.ReadTag()) != 0; )
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    name = input.ReadString();
                    break;
                case 2:
                    value = input.ReadFloat();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        return (name, step, value);
    }
}
