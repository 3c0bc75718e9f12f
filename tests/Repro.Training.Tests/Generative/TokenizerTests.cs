using Repro.Training.Generative;

namespace Repro.Training.Tests.Generative;

public class TokenizerTests
{
    [Theory]
    [InlineData("char")]
    [InlineData("byte")]
    public void Text_encodes_and_decodes_back_to_itself(string kind)
    {
        const string text = "Naïve café, 🙂 and\ttabs\r\nend";
        var tokenizer = Tokenizer.Build(kind, text);

        tokenizer.TryEncode(text, out var tokens, out var unknown).Should().BeTrue();

        unknown.Should().BeEmpty();
        tokenizer.Decode(tokens).Should().Be(text);
        tokens.Should().OnlyContain(t => t >= 0 && t < tokenizer.VocabularySize);
    }

    [Fact]
    public void A_char_vocabulary_is_the_sorted_distinct_characters_and_an_emoji_is_one_token()
    {
        var tokenizer = Tokenizer.Build("char", "b🙂ab");

        tokenizer.Symbols.Should().Equal('a', 'b', 0x1F642);
        tokenizer.TryEncode("🙂", out var tokens, out _).Should().BeTrue();
        tokens.Should().Equal(2);
    }

    [Fact]
    public void A_byte_vocabulary_holds_the_utf8_bytes_of_the_text()
    {
        var tokenizer = Tokenizer.Build("byte", "é");

        tokenizer.Symbols.Should().Equal(0xA9, 0xC3);
    }

    [Fact]
    public void Symbols_outside_the_vocabulary_are_named()
    {
        var tokenizer = Tokenizer.Build("char", "abc");

        tokenizer.TryEncode("abxz\n", out _, out var unknown).Should().BeFalse();

        unknown.Should().Equal("U+000A", "'x'", "'z'");
    }
}
