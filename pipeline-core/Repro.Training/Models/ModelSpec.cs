using System.Text.Json.Serialization;

namespace Repro.Training.Models;

/// <summary>
/// Everything needed to rebuild a model's architecture: the <c>with.model</c> arguments after defaults, plus the
/// shape of one sample and the number of outputs, which come from the prepared dataset. Written as JSON in the
/// header of every model file (<see cref="ModelFile"/>), so a model file is self-describing.
/// </summary>
public sealed record ModelSpec
{
    /// <summary><c>mlp</c>, <c>cnn</c>, <c>resnet</c>, <c>lightcnn</c>, <c>lstm</c>, <c>gru</c>, <c>transformer</c>, <c>transformer_lm</c> or <c>dcgan</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Shape of one sample: <c>[features]</c>, <c>[channels, height, width]</c> or <c>[time, features]</c>.</summary>
    public required long[] InputShape { get; init; }

    /// <summary>Number of classes, or of regression targets.</summary>
    public required int Outputs { get; init; }

    /// <summary>mlp: hidden layer sizes. <value>The default is [128].</value></summary>
    public int[] Hidden { get; init; } = [128];

    /// <summary><c>relu</c>, <c>gelu</c>, <c>silu</c>, <c>tanh</c> or <c>leaky_relu</c>. <value>The default is relu.</value></summary>
    public string Activation { get; init; } = "relu";

    /// <summary>Dropout probability: on the features before the head (cnn, resnet, lightcnn), after each hidden layer (mlp), between recurrent layers and before the head (lstm, gru), inside the encoder (transformer). <value>The default is 0.</value></summary>
    public double Dropout { get; init; }

    /// <summary>cnn, lightcnn: output channels of each block; resnet: channels of each stage. <value>The default is [32, 64].</value></summary>
    public int[] Channels { get; init; } = [32, 64];

    /// <summary>cnn: kernel size of each convolution (odd; padded to keep the size). <value>The default is 3.</value></summary>
    public int KernelSize { get; init; } = 3;

    /// <summary>cnn: <c>max</c>, <c>avg</c> or <c>none</c> pooling (2×2) after each block. <value>The default is max.</value></summary>
    public string Pooling { get; init; } = "max";

    /// <summary>cnn: batch normalisation after each convolution. <value>The default is true.</value></summary>
    public bool Batchnorm { get; init; } = true;

    /// <summary>cnn: global average pooling after the last block instead of flattening. <value>The default is false.</value></summary>
    public bool GlobalPool { get; init; }

    /// <summary>cnn, resnet, lightcnn: fully connected layers between the features and the output. <value>The default is [128].</value></summary>
    public int[] Fc { get; init; } = [128];

    /// <summary>resnet: residual blocks per stage. <value>The default is 2.</value></summary>
    public int Blocks { get; init; } = 2;

    /// <summary>lightcnn: squeeze-excitation reduction ratio. <value>The default is 4.</value></summary>
    public int SeReduction { get; init; } = 4;

    /// <summary>lstm, gru: hidden size; transformer: model width. <value>The default is 64.</value></summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>lstm, gru, transformer: number of layers. <value>The default is 1.</value></summary>
    public int Layers { get; init; } = 1;

    /// <summary>lstm, gru: bidirectional. <value>The default is false.</value></summary>
    public bool Bidirectional { get; init; }

    /// <summary>transformer: attention heads. <value>The default is 4.</value></summary>
    public int Heads { get; init; } = 4;

    /// <summary>transformer: feed-forward width. <value>The default is 128.</value></summary>
    public int FeedForward { get; init; } = 128;

    /// <summary>transformer_lm: the tokenizer its token ids refer to, saved with the model; null for other types.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Generative.Tokenizer? Tokenizer { get; init; }

    /// <summary>dcgan: size of the latent vector the generator starts from; null for other types.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Latent { get; init; }

    /// <summary>dcgan: channels of the generator's last hidden layer (doubled per layer towards the latent); null for other types.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? GChannels { get; init; }

    /// <summary>dcgan: channels of the discriminator's first layer (doubled per layer); null for other types.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? DChannels { get; init; }

    /// <summary>Whether the outputs are class logits or regression values. <value>The default is classification.</value></summary>
    [JsonPropertyName("task")]
    public string Task { get; init; } = "classification";
}
