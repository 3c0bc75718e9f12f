using System.Text;
using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Data;
using Repro.Training.Generative;

namespace Repro.Training.Steps;

/// <summary>
/// <c>data/text</c>: reads UTF-8 text from a file or every file under a folder (in ordinal order of their relative paths),
/// builds a character- or byte-level <see cref="Tokenizer"/> from it, and writes a <see cref="TextCorpus"/> folder whose
/// last <c>val_fraction</c> of tokens is the validation split.
/// </summary>
/// <remarks>
/// <c>with:</c> <c>source</c> (file or folder, required), <c>val_fraction</c> (0.1), <c>tokenizer</c> (<c>char</c> or
/// <c>byte</c>; char). The split is contiguous, not shuffled: shuffled windows of one text would leak neighbouring
/// characters into validation. The vocabulary covers the whole source so validation has no unknown symbols.
/// </remarks>
public sealed class TextStep : IBuiltinStep
{
    public string Name => "data/text";

    public string ImplementationVersion => "1";

    public Task RunAsync(StepRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var args = new StepArguments(request);
        var source = args.GetString("source");
        var valFraction = args.GetDouble("val_fraction", 0.1, new NumberRange(0, 1, MinExclusive: true, MaxExclusive: true));
        var kind = args.GetEnum("tokenizer", Tokenizer.Kinds, "char", "tokenizer");
        args.ThrowIfInvalid();
        var outDirPath = StepPaths.SingleOut(request, "one text folder");

        var sourcePath = StepPaths.Resolve(request, source);
        var files = SourceFiles(sourcePath, args);
        var text = new StringBuilder();
        var problems = new List<Diagnostic>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = File.ReadAllBytes(file);
            try
            {
                text.Append(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
            }
            catch (DecoderFallbackException ex)
            {
                problems.Add(
                    new Diagnostic(
                        null,
                        $"{StepPaths.Display(request, file)}: not valid UTF-8 (at byte {ex.Index})",
                        "convert it with iconv"
                    )
                );
            }
        }
        if (problems.Count > 0)
            throw new ReproException(problems);
        // A byte order mark is an encoding marker, not text.
        var all = text.ToString().Replace("\uFEFF", "", StringComparison.Ordinal);
        var tokenizer = Tokenizer.Build(kind, all);
        tokenizer.TryEncode(all, out var tokens, out _);
        var valCount = (long)Math.Round(tokens.Length * valFraction);
        if (tokens.Length == 0 || valCount < 2 || tokens.Length - valCount < 2)
        {
            throw new ReproException(
                new Diagnostic(
                    args.LocationOf("source"),
                    tokens.Length == 0
                        ? $"'{source}' holds no text"
                        : $"'{source}' holds only {tokens.Length} tokens: too few to split into training and validation text",
                    "point source at a longer UTF-8 text file or a folder of them"
                )
            );
        }
        var train = tokens[..^(int)valCount];
        var val = tokens[^(int)valCount..];
        var info = new DatasetInfo
        {
            Kind = DatasetKinds.Text,
            Producer = Name,
            InputShape = [],
            Normalization = Normalization.None,
            Splits = new Dictionary<string, long>(),
            Sources = [.. files.Select(f => SourceFile.Hash(f, StepPaths.Display(request, f)))],
            Arguments = new Dictionary<string, object?>(args.Resolved) { ["vocabulary_size"] = tokenizer.VocabularySize },
        };
        TextCorpus.Save(outDirPath, info, tokenizer, train, val);
        return Task.CompletedTask;
    }

    private static List<string> SourceFiles(string sourcePath, StepArguments args)
    {
        if (File.Exists(sourcePath))
            return [sourcePath];
        if (Directory.Exists(sourcePath))
        {
            return
            [
                .. Directory
                    .EnumerateFiles(sourcePath, "*", SearchOption.AllDirectories)
                    .OrderBy(f => Path.GetRelativePath(sourcePath, f), StringComparer.Ordinal),
            ];
        }
        throw new ReproException(
            new Diagnostic(args.LocationOf("source"), $"text source '{sourcePath}' not found", "give a UTF-8 text file or a folder of them")
        );
    }
}
