using Repro.Core.Steps;
using Repro.Training.Generative;

namespace Repro.Training.Steps;

/// <summary>The <c>with:</c> arguments of <c>data/text</c> (<see cref="TextStep"/>).</summary>
public sealed record TextArguments
{
    /// <summary>A UTF-8 file or a folder of them, as written.</summary>
    public required string Source { get; init; }

    /// <summary>The last fraction of the tokens, held out as <c>val</c>. <value>The default is 0.1.</value></summary>
    public double ValFraction { get; init; } = 0.1;

    /// <summary><c>char</c> or <c>byte</c> (<see cref="Tokenizer.Kinds"/>). <value>The default is char.</value></summary>
    public string Tokenizer { get; init; } = "char";

    /// <summary>Reads the arguments, recording every problem in <paramref name="with"/>.</summary>
    public static TextArguments Read(StepArguments with)
    {
        ArgumentNullException.ThrowIfNull(with);
        return new TextArguments
        {
            Source = with.GetString("source"),
            ValFraction = with.GetDouble("val_fraction", 0.1, new NumberRange(0, 1, MinExclusive: true, MaxExclusive: true)),
            Tokenizer = with.GetEnum("tokenizer", Generative.Tokenizer.Kinds, "char", "tokenizer"),
        };
    }
}
