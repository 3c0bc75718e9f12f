using System.Reflection;

namespace Repro.Tool.Reports;

/// <summary>
/// The plotly.js a report inlines, with its licences, so a report needs no network when it is viewed (Plotly.NET's
/// default HTML loads the script from a CDN). It is a partial bundle of the plotly.js version Plotly.NET writes its
/// figures for, holding only <see cref="Traces"/>: a third of the full bundle's size and start-up time, which is most of
/// what opening a report costs (<c>Reports/PlotlyBundle/README.md</c> says how it is built).
/// </summary>
public static class PlotlyScript
{
    private const string ScriptResource = "Repro.Tool.Reports.PlotlyBundle.plotly-repro.min.js";
    private const string LicenseResource = "Repro.Tool.Reports.PlotlyBundle.plotly-repro.LICENSE.txt";

    private static readonly Lazy<string> Inline = new(Load);

    /// <summary>The plotly.js version inlined.</summary>
    public const string Version = "2.28.0";

    /// <summary>The trace types the inlined bundle can draw; a figure of any other type would draw nothing.</summary>
    public static IReadOnlyList<string> Traces { get; } = ["scatter", "bar", "heatmap", "parcoords"];

    /// <summary>The licence comment followed by the minified script, ready to go between script tags.</summary>
    public static string Text => Inline.Value;

    private static string Load()
    {
        var assembly = typeof(PlotlyScript).Assembly;
        var license = Read(assembly, LicenseResource).Replace("*/", "* /", StringComparison.Ordinal);
        // "</script" inside the script would end the element early; the minified file has none, but be sure.
        var script = Read(assembly, ScriptResource).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
        return $"/*! plotly.js {Version} ({string.Join(", ", Traces)})\n{license.Trim()}\n*/\n{script}";
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream =
            assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"the tool was built without '{name}'");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
