using System.Globalization;
using Google.Protobuf;

namespace Repro.Training.TensorBoard;

/// <summary>
/// Writes a TensorBoard event file (<c>events.out.tfevents.&lt;time&gt;.&lt;host&gt;</c>) with scalars, images and hyperparameters,
/// which TensorBoard's scalar and HParams dashboards show. TorchSharp 0.107's own writer has no hparams, so the Event
/// protobuf is encoded here field by field (tensorflow/core/util/event.proto, tensorboard/plugins/hparams/plugin_data.proto).
/// </summary>
public sealed class SummaryWriter : IDisposable
{
    private readonly FileStream stream;
    private readonly TimeProvider time;

    /// <summary>Opens a new event file in <paramref name="logDirPath"/> (created if needed).</summary>
    public SummaryWriter(string logDirPath, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(logDirPath);
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        Directory.CreateDirectory(logDirPath);
        var seconds = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        FilePath = Path.Combine(logDirPath, $"events.out.tfevents.{seconds}.{Environment.MachineName}");
        stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
        WriteEvent(0, e => e.WriteString(3, "brain.Event:2"));
    }

    /// <summary>The event file being written.</summary>
    public string FilePath { get; }

    /// <summary>Adds a scalar <paramref name="tag"/> = <paramref name="value"/> at <paramref name="step"/>.</summary>
    public void AddScalar(string tag, double value, long step)
    {
        ArgumentNullException.ThrowIfNull(tag);
        WriteSummary(step, v => v.WriteString(1, tag).WriteFloat(2, (float)value));
    }

    /// <summary>
    /// Adds an encoded image (PNG) <paramref name="tag"/> at <paramref name="step"/>, shown by TensorBoard's Images dashboard;
    /// <paramref name="channels"/> is 1 (grey), 3 (RGB) or 4 (RGBA).
    /// </summary>
    public void AddImage(string tag, byte[] png, int width, int height, int channels, long step)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(png);
        // Summary.Value.image (4): Image { height (1), width (2), colorspace (3), encoded_image_string (4) }
        var image = new Proto().WriteInt(1, height).WriteInt(2, width).WriteInt(3, channels).WriteBytes(4, png);
        WriteSummary(step, v => v.WriteString(1, tag).WriteMessage(4, image));
    }

    /// <summary>
    /// Records the run's hyperparameters (strings, numbers, booleans; anything else as its text) and the names of the metrics
    /// to show beside them, as PyTorch's <c>add_hparams</c> does: experiment, session start and session end summaries.
    /// </summary>
    public void AddHparams(IReadOnlyDictionary<string, object?> hparams, IReadOnlyList<string> metricTags)
    {
        ArgumentNullException.ThrowIfNull(hparams);
        ArgumentNullException.ThrowIfNull(metricTags);
        // HParamsPluginData { version = 0; experiment (2) { hparam_infos (4) { name (1) }, metric_infos (5) { name (1) { tag (2) } } } }
        var experiment = new Proto();
        foreach (var name in hparams.Keys)
            experiment.WriteMessage(4, new Proto().WriteString(1, name));
        foreach (var tag in metricTags)
            experiment.WriteMessage(5, new Proto().WriteMessage(1, new Proto().WriteString(2, tag)));
        WriteHparamsSummary("_hparams_/experiment", new Proto().WriteMessage(2, experiment));
        // session_start_info (3) { hparams (1): map<string, google.protobuf.Value> }
        var start = new Proto();
        foreach (var (name, value) in hparams)
            start.WriteMessage(1, new Proto().WriteString(1, name).WriteMessage(2, ProtobufValue(value)));
        WriteHparamsSummary("_hparams_/session_start_info", new Proto().WriteMessage(3, start));
        // session_end_info (4) { status (1) = STATUS_SUCCESS (1) }
        WriteHparamsSummary("_hparams_/session_end_info", new Proto().WriteMessage(4, new Proto().WriteInt(1, 1)));
    }

    /// <summary>Pushes written events to disk so TensorBoard sees them while training runs.</summary>
    public void Flush() => stream.Flush();

    public void Dispose() => stream.Dispose();

    private void WriteHparamsSummary(string tag, Proto pluginContent)
    {
        // SummaryMetadata (9) { plugin_data (1) { plugin_name (1) = "hparams", content (2) } }
        var metadata = new Proto().WriteMessage(1, new Proto().WriteString(1, "hparams").WriteBytes(2, pluginContent.ToBytes()));
        WriteSummary(0, v => v.WriteString(1, tag).WriteMessage(9, metadata));
    }

    private void WriteSummary(long step, Action<Proto> value)
    {
        var v = new Proto();
        value(v);
        // Event.summary (5) { value (1) }
        WriteEvent(step, e => e.WriteMessage(5, new Proto().WriteMessage(1, v)));
    }

    private void WriteEvent(long step, Action<Proto> body)
    {
        // Event { wall_time (1): double seconds, step (2): int64, ... }
        var wallTime = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        var e = new Proto().WriteDouble(1, wallTime).WriteInt(2, step);
        body(e);
        TfRecord.Write(stream, e.ToBytes());
    }

    private static Proto ProtobufValue(object? value) =>
        // google.protobuf.Value { number_value (2), string_value (3), bool_value (4) }
        value switch
        {
            bool b => new Proto().WriteInt(4, b ? 1 : 0),
            int or long or float or double or decimal => new Proto().WriteDouble(2, Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            string s => new Proto().WriteString(3, s),
            null => new Proto().WriteString(3, "null"),
            System.Collections.IEnumerable list => new Proto().WriteString(
                3,
                "[" + string.Join(", ", list.Cast<object?>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture))) + "]"
            ),
            _ => new Proto().WriteString(3, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
        };

    /// <summary>A protobuf message written field by field.</summary>
    private sealed class Proto
    {
        private readonly MemoryStream buffer = new();
        private readonly CodedOutputStream output;

        public Proto() => output = new CodedOutputStream(buffer, leaveOpen: true);

        public Proto WriteDouble(int field, double value)
        {
            output.WriteTag(field, WireFormat.WireType.Fixed64);
            output.WriteDouble(value);
            return this;
        }

        public Proto WriteFloat(int field, float value)
        {
            output.WriteTag(field, WireFormat.WireType.Fixed32);
            output.WriteFloat(value);
            return this;
        }

        public Proto WriteInt(int field, long value)
        {
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteInt64(value);
            return this;
        }

        public Proto WriteString(int field, string value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteString(value);
            return this;
        }

        public Proto WriteBytes(int field, byte[] value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(value));
            return this;
        }

        public Proto WriteMessage(int field, Proto message) => WriteBytes(field, message.ToBytes());

        public byte[] ToBytes()
        {
            output.Flush();
            return buffer.ToArray();
        }
    }
}
