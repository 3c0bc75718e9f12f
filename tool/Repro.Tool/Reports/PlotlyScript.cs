using System.Reflection;

namespace Repro.Tool.Reports;

/// <summary>
/// plotly.js as Plotly.NET embeds it in its own assembly, with its licence, so a report needs no network when it is
/// viewed (Plotly.NET's default HTML loads the script from a CDN).
/// </summary>
public static class PlotlyScript
{
    private const string ScriptResource = "Plotly.NET.plotly-2.28.0.min.js";
    private const string LicenseResource = ScriptResource + ".LICENSE.txt";

    private static readonly Lazy<string> Inline = new(Load);

    /// <summary>The plotly.js version inlined.</summary>
    public const string Version = "2.28.0";

    /// <summary>The licence comment followed by the minified script, ready to go between script tags.</summary>
    public static string Text => Inline.Value;

    private static string Load()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        var license = Read(assembly, LicenseResource).Replace("*/", "* /", StringComparison.Ordinal);
        // "</script" inside the script would end the element early; the minified file has none, but be sure.
        var script = Read(assembly, ScriptResource).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
        return $"/*! plotly.js {Version} (embedded by Plotly.NET)\n{license.Trim()}\n*/\n{script}";
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream =
            assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Plotly.NET no longer embeds '{name}'; update {nameof(PlotlyScript)}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
