using Repro.Core.Cache;

namespace Repro.Core.Tests.Cache;

public class ObjectIdTests
{
    [Fact]
    public void An_id_round_trips_through_its_64_lowercase_hex_characters()
    {
        var id = ObjectId.Of("BLAKE3"u8);

        var text = id.ToString();

        text.Should().Be("f890484173e516bfd935ef3d22b912dc9738de38743993cfedf2c9473b3216a4");
        ObjectId.Parse(text).Should().Be(id);
        ObjectId.Parse(text.ToUpperInvariant()).Should().Be(id);
        id.Short.Should().Be("f8904841");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("f890484173e516bfd935ef3d22b912dc9738de38743993cfedf2c9473b3216a")]
    [InlineData("g890484173e516bfd935ef3d22b912dc9738de38743993cfedf2c9473b3216a4")]
    public void Anything_but_64_hex_characters_is_not_an_id(string? text)
    {
        ObjectId.TryParse(text, out _).Should().BeFalse();
        var act = () => ObjectId.Parse(text!);
        act.Should().Throw<FormatException>();
    }
}
