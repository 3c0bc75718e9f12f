using System.CommandLine;
using System.Runtime.InteropServices;
using Repro.Tool.Rendering;
using Repro.Training;

namespace Repro.Tool.Commands;

/// <summary><c>repro doctor</c>: what is found and what is missing (.NET, TorchSharp, libtorch, device, git).</summary>
public static class DoctorCommand
{
    public static Command Create(ToolContext context)
    {
        var json = GlobalOptions.Json();
        var command = new Command("doctor", "Check .NET, TorchSharp, libtorch, the device and git: what is found and what is missing.")
        {
            json,
        };
        command.SetAction(parse =>
        {
            var report = DoctorReport.Collect();
            if (parse.GetValue(json))
                JsonOutput.Write(context.Out, report);
            else
                report.WriteText(context.Out);
            return report.Torch.Loaded ? 0 : 1;
        });
        return command;
    }
}

/// <summary>The facts <c>doctor</c> gathers; also the JSON shape of <c>doctor --json</c>.</summary>
public sealed record DoctorReport(string Tool, string Dotnet, string Os, string Cpu, int ProcessorCount, TorchReport Torch, string? Git)
{
    public static DoctorReport Collect() =>
        new(
            ToolVersion.Current,
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSDescription,
            RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            Environment.ProcessorCount,
            TorchRuntime.Probe(),
            GitVersion()
        );

    public void WriteText(TextWriter output)
    {
        output.WriteLine($"repro      {Tool}");
        output.WriteLine($".NET       {Dotnet}");
        output.WriteLine($"OS         {Os} ({Cpu}, {ProcessorCount} cores)");
        output.WriteLine($"TorchSharp {Torch.TorchSharpVersion}");
        if (Torch.Loaded)
        {
            output.WriteLine($"libtorch   {Torch.LibTorchVersion} (loaded; computed on a tensor)");
            output.WriteLine($"device     {(Torch.Cuda ? $"cuda ({Torch.GpuName})" : "cpu (no CUDA device)")}");
            output.WriteLine($"threads    {Torch.Threads}");
            output.WriteLine($"oneDNN     {Torch.OneDnn}");
            output.WriteLine($"NNPACK     {Torch.Nnpack}");
        }
        else
        {
            output.WriteLine($"libtorch   NOT LOADED: {Torch.Error}");
        }
        output.WriteLine($"libstdc++  fix {Torch.LibStdCxxFix}");
        output.WriteLine($"git        {Git ?? "not found (commits will not be recorded)"}");
    }

    private static string? GitVersion()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(
                new System.Diagnostics.ProcessStartInfo("git", "--version") { RedirectStandardOutput = true, RedirectStandardError = true }
            );
            if (process is null)
                return null;
            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? text.Replace("git version ", "", StringComparison.Ordinal) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
