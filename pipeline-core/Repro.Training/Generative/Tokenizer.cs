using System.Text;
using System.Text.Json.Serialization;

namespace Repro.Training.Generative;

/// <summary>
/// A character- or byte-level tokenizer: the token id of a symbol is its index in <see cref="Symbols"/>, the sorted
/// distinct symbols of the text it was built from. <c>char</c> symbols are Unicode scalar values (so a character outside
/// the Basic Multilingual Plane is one token, never half a surrogate pair); <c>byte</c> symbols are the bytes of the UTF-8
/// text. Written into the header of a <c>transformer_lm</c> model file, so a model always travels with its vocabulary.
/// </summary>
public sealed class Tokenizer
{
    /// <summary>Tokenizer kinds a <c>data/text</c> stage can ask for.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["char", "byte"];

    private readonly Dictionary<int, int> ids;

    /// <summary>A tokenizer over <paramref name="symbols"/> (sorted ascending, distinct).</summary>
    [JsonConstructor]
    public Tokenizer(string kind, IReadOnlyList<int> symbols)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(symbols);
        if (!Kinds.Contains(kind))
            throw new ArgumentException($"unknown tokenizer kind '{kind}'", nameof(kind));
        Kind = kind;
        Symbols = [.. symbols];
        ids = new Dictionary<int, int>(Symbols.Count);
        for (var i = 0; i < Symbols.Count; i++)
            ids.Add(Symbols[i], i);
    }

    /// <summary><c>char</c> or <c>byte</c>.</summary>
    public string Kind { get; }

    /// <summary>The symbol of each token id: a Unicode scalar value (<c>char</c>) or a byte value (<c>byte</c>).</summary>
    public IReadOnlyList<int> Symbols { get; }

    /// <summary>Number of token ids.</summary>
    [JsonIgnore]
    public int VocabularySize => Symbols.Count;

    /// <summary>The tokenizer whose vocabulary is every symbol of <paramref name="text"/>.</summary>
    public static Tokenizer Build(string kind, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var symbols = kind == "byte" ? Encoding.UTF8.GetBytes(text).Select(b => (int)b) : text.EnumerateRunes().Select(r => r.Value);
        return new Tokenizer(kind, [.. symbols.Distinct().Order()]);
    }

    /// <summary>The symbols of <paramref name="text"/>, in order, before mapping to ids.</summary>
    public IEnumerable<int> SymbolsOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Kind == "byte" ? Encoding.UTF8.GetBytes(text).Select(b => (int)b) : text.EnumerateRunes().Select(r => r.Value);
    }

    /// <summary>
    /// The token ids of <paramref name="text"/>; false when a symbol is not in the vocabulary, with those symbols
    /// (as text) in <paramref name="unknown"/>.
    /// </summary>
    public bool TryEncode(string text, out long[] tokens, out IReadOnlyList<string> unknown)
    {
        var result = new List<long>();
        var missing = new SortedSet<int>();
        foreach (var symbol in SymbolsOf(text))
        {
            if (ids.TryGetValue(symbol, out var id))
                result.Add(id);
            else
                missing.Add(symbol);
        }
        tokens = [.. result];
        unknown = [.. missing.Select(Show)];
        return missing.Count == 0;
    }

    /// <summary>The text of <paramref name="tokens"/>; byte tokens that do not form valid UTF-8 decode to U+FFFD.</summary>
    public string Decode(IEnumerable<long> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (Kind == "byte")
            return Encoding.UTF8.GetString([.. tokens.Select(t => (byte)Symbols[(int)t])]);
        var text = new StringBuilder();
        foreach (var token in tokens)
            text.Append(new Rune(Symbols[(int)token]).ToString());
        return text.ToString();
    }

    /// <summary>A symbol as a user can read it in a message: the character, or its code for controls and bytes.</summary>
    public string Show(int symbol) =>
        Kind == "byte" ? $"0x{symbol:x2}"
        : Rune.IsControl(new Rune(symbol)) || Rune.IsWhiteSpace(new Rune(symbol)) ? $"U+{symbol:X4}"
        : $"'{new Rune(symbol)}'";
}
