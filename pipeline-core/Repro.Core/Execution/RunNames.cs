using System.Text;

namespace Repro.Core.Execution;

/// <summary>Readable experiment names (<c>brave-otter</c>), derived from the run id so they need no randomness.</summary>
public static class RunNames
{
    private static readonly string[] Adjectives =
    [
        "amber",
        "bold",
        "brave",
        "brisk",
        "calm",
        "clever",
        "crisp",
        "dapper",
        "eager",
        "fair",
        "fond",
        "gentle",
        "glad",
        "grand",
        "happy",
        "hardy",
        "jolly",
        "keen",
        "kind",
        "lively",
        "lucid",
        "merry",
        "mighty",
        "neat",
        "noble",
        "plucky",
        "proud",
        "quick",
        "quiet",
        "rapid",
        "ready",
        "sharp",
        "shiny",
        "smart",
        "snug",
        "solid",
        "spry",
        "steady",
        "sunny",
        "swift",
        "tidy",
        "vivid",
        "warm",
        "wise",
        "witty",
        "zesty",
    ];

    private static readonly string[] Nouns =
    [
        "otter",
        "falcon",
        "badger",
        "heron",
        "lynx",
        "panda",
        "koala",
        "marten",
        "osprey",
        "puffin",
        "raven",
        "salmon",
        "tapir",
        "walrus",
        "wombat",
        "yak",
        "zebra",
        "bison",
        "camel",
        "dingo",
        "eagle",
        "ferret",
        "gecko",
        "hare",
        "ibis",
        "jackal",
        "kiwi",
        "lemur",
        "moose",
        "newt",
        "orca",
        "parrot",
        "quail",
        "robin",
        "seal",
        "tiger",
        "urchin",
        "viper",
        "wolf",
        "finch",
        "gull",
        "mole",
        "owl",
        "pike",
        "swan",
        "toad",
    ];

    /// <summary>The name for run <paramref name="runId"/>: an adjective, a noun and four characters of the id's hash.</summary>
    public static string For(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var hash = Blake3.Hasher.Hash(Encoding.UTF8.GetBytes(runId)).AsSpan();
        var adjective = Adjectives[hash[0] % Adjectives.Length];
        var noun = Nouns[hash[1] % Nouns.Length];
        return $"{adjective}-{noun}-{Convert.ToHexStringLower(hash[2..4])}";
    }
}
