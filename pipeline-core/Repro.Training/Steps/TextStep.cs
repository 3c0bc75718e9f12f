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
public sealed class TextStep : BuiltinStep<TextArguments>
{
    public override string Name => "data/text";

    public override string ImplementationVersion => "1";

    protected override TextArguments ReadArguments(StepArguments with) => TextArguments.Read(with);

    protected override Task RunAsync(StepRequest request, TextArguments arguments, StepArguments with, CancellationToken cancellationToken)
    {
        var source = arguments.Source;
        var outDirPath = StepPaths.SingleOut(request, "one text folder");

        var sourcePath = StepPaths.Resolve(request, source);
        var files = SourceFiles(sourcePath, with);
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
        var tokenizer = Tokenizer.Build(arguments.Tokenizer, all);
        tokenizer.TryEncode(all, out var tokens, out _);
        var valCount = (long)Math.Round(tokens.Length * arguments.ValFraction);
        if (tokens.Length == 0 || valCount < 2 || tokens.Length - valCount < 2)
        {
            throw new ReproException(
                new Diagnostic(
                    with.LocationOf("source"),
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
            Arguments = new Dictionary<string, object?>(with.Resolved) { ["vocabulary_size"] = tokenizer.VocabularySize },
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
