using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Repro.Tests.Shared;

namespace Repro.Tool.Tests.Reports;

/// <summary>
/// Opens an HTML page in headless Chromium (Debian's <c>chromium</c>) and reads back what a probe script saw there:
/// errors, charts, their traces and rendered SVG elements. The probe goes first in the head, so it sees every error
/// the page raises; after the load event it writes its findings as JSON into the DOM, which <c>--dump-dom</c> prints.
/// </summary>
internal static partial class HeadlessChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    /// <summary>The browser, installing Debian's package when it is missing and we may; null with the reason when not possible.</summary>
    public static string? Find(out string reason)
    {
        reason = "";
        if (Environment.GetEnvironmentVariable("REPRO_CHROMIUM") is { Length: > 0 } configured && File.Exists(configured))
            return configured;
        if (Candidates.FirstOrDefault(File.Exists) is { } found)
            return found;
        var (exit, output) = Run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], TimeSpan.FromMinutes(5));
        if (Candidates.FirstOrDefault(File.Exists) is { } installed)
            return installed;
        reason = $"chromium is not installed and 'apt-get install chromium' failed (exit {exit}): {output.Trim()}";
        return null;
    }

    /// <summary>Loads <paramref name="htmlPath"/> with the probe and returns its findings.</summary>
    public static JsonDocument Probe(string browser, string htmlPath, TempDir scratch)
    {
        var probed = scratch.Write("probed.html", InsertProbe(File.ReadAllText(htmlPath)));
        var (exit, output) = Run(browser, [.. Flags(scratch), "--dump-dom", new Uri(probed).AbsoluteUri], TimeSpan.FromMinutes(5));
        var match = ProbeElement().Match(output);
        if (!match.Success)
            throw new InvalidOperationException($"the probe wrote nothing (chromium exit {exit}); output:\n{Tail(output)}");
        return JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value));
    }

    /// <summary>Saves a PNG of the page (the full report, in a tall window).</summary>
    public static void Screenshot(string browser, string htmlPath, string pngPath, TempDir scratch)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pngPath)!);
        var (exit, output) = Run(
            browser,
            [
                .. Flags(scratch),
                "--hide-scrollbars",
                "--window-size=1280,6000",
                // Charts draw lazily after load; give the page (virtual) time to draw them before the picture is taken.
                "--virtual-time-budget=10000",
                $"--screenshot={pngPath}",
                new Uri(htmlPath).AbsoluteUri,
            ],
            TimeSpan.FromMinutes(5)
        );
        if (!File.Exists(pngPath))
            throw new InvalidOperationException($"chromium wrote no screenshot (exit {exit}):\n{Tail(output)}");
    }

    // The flags of the issue, a fresh profile per call, and a software WebGL: parallel coordinates draw with WebGL and
    // a headless browser without a GPU has none unless SwiftShader is allowed.
    private static string[] Flags(TempDir scratch) =>
        [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-unsafe-swiftshader",
            "--use-angle=swiftshader",
            $"--user-data-dir={scratch.Resolve($"profile-{Guid.NewGuid():N}")}",
        ];

    internal static string InsertProbe(string html)
    {
        var head = html.IndexOf("<head>", StringComparison.Ordinal);
        if (head < 0)
            throw new InvalidOperationException("the page has no <head>");
        return html.Insert(head + "<head>".Length, "\n<script>" + ProbeScript + "</script>\n");
    }

    private static (int Exit, string Output) Run(string file, string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"timed out after {timeout}");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    [GeneratedRegex("<pre id=\"repro-probe\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ProbeElement();

    private const string ProbeScript = """
        (function () {
          var errors = [];
          var originalError = console.error;
          console.error = function () { errors.push(Array.prototype.map.call(arguments, String).join(' ')); return originalError.apply(console, arguments); };
          window.addEventListener('error', function (e) { errors.push('error: ' + (e.message || (e.target && (e.target.src || e.target.href)) || 'resource')); }, true);
          window.addEventListener('unhandledrejection', function (e) { errors.push('unhandled rejection: ' + e.reason); });
          function title(axis) { return axis && axis.title && axis.title.text ? String(axis.title.text) : ''; }
          function count(t) {
            if (t.dimensions) return t.dimensions.length ? t.dimensions[0].values.length : 0;
            if (t.z) return t.z.length;
            if (t.type === 'bar' && t.orientation === 'h') return t.y ? t.y.length : 0;
            return t.x ? t.x.length : (t.y ? t.y.length : 0);
          }
          window.addEventListener('load', function () {
            var drawnAtLoad = {};
            Array.prototype.forEach.call(document.querySelectorAll('figure.chart'), function (f) {
              drawnAtLoad[f.getAttribute('data-chart')] = !!f.querySelector('.main-svg');
            });
            var pendingAtLoad = window.reproCharts ? window.reproCharts.pending : -1;
            // The report draws charts lazily as they scroll into view; draw the rest now to inspect every chart.
            if (window.reproDrawAll) window.reproDrawAll();
            var charts = Array.prototype.map.call(document.querySelectorAll('figure.chart'), function (f) {
              var gd = f.querySelector('.js-plotly-plot');
              var layout = gd && gd._fullLayout;
              return {
                id: f.getAttribute('data-chart'),
                drawnAtLoad: drawnAtLoad[f.getAttribute('data-chart')],
                rendered: !!(gd && gd.querySelector('.main-svg')),
                traces: gd && gd.data ? gd.data.map(function (t) { return { type: t.type || 'scatter', name: t.name || '', points: count(t), dimensions: t.dimensions ? t.dimensions.map(function (d) { return d.label; }) : [] }; }) : [],
                xTitle: layout ? title(layout.xaxis) : '',
                yTitle: layout ? title(layout.yaxis) : '',
                svgAxisTitles: gd ? Array.prototype.map.call(gd.querySelectorAll('.g-xtitle text, .g-ytitle text'), function (t) { return t.textContent; }) : [],
                svgPoints: gd ? gd.querySelectorAll('.scatterlayer .point').length : 0,
                svgBars: gd ? gd.querySelectorAll('.barlayer .point').length : 0,
                parcoordsAxes: gd ? gd.querySelectorAll('.parcoords .y-axis').length : 0,
                heatmaps: gd ? gd.querySelectorAll('.heatmaplayer image, .heatmaplayer .hm').length : 0
              };
            });
            var out = document.createElement('pre');
            out.id = 'repro-probe';
            out.textContent = JSON.stringify({ errors: errors, charts: charts, tables: document.querySelectorAll('table').length, pendingAtLoad: pendingAtLoad, loadMs: performance.now() });
            document.body.appendChild(out);
          });
        })();
        """;
}
