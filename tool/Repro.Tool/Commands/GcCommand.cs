using System.CommandLine;
using System.Globalization;
using Repro.Core;
using Repro.Core.Cache;
using Repro.Core.Lock;
using Repro.Core.Store;

namespace Repro.Tool.Commands;

/// <summary><c>repro gc</c>: drop cache objects no kept experiment or repro.lock refers to.</summary>
public static class GcCommand
{
    public static Command Create(ToolContext context)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be removed; remove nothing." };
        var command = new Command("gc", "Drop cache objects no kept experiment or lock refers to.") { dryRun };
        command.SetAction(parse =>
        {
            using var project = ProjectContext.Locate(context.WorkingDirPath);
            // The project lock: a run in progress may be writing objects nothing refers to yet.
            using var projectLock = ProjectLock.Acquire(project.ReproDirPath, TimeSpan.FromSeconds(5));
            var lockPath = Path.Combine(project.ProjectDirPath, LockFile.FileName);
            var lockFile = File.Exists(lockPath) ? LockFileSerializer.Read(File.ReadAllText(lockPath), LockFile.FileName) : null;
            var report = GarbageCollector.Collect(project.Store, new ObjectStore(project.CacheDirPath), lockFile, parse.GetValue(dryRun));
            var verb = parse.GetValue(dryRun) ? "would remove" : "removed";
            context.Out.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{verb} {report.RemovedObjects} objects ({report.RemovedBytes / 1048576.0:0.0} MiB), kept {report.KeptObjects}; "
                        + $"{report.DroppedCacheEntries} run-cache entries of removed experiments dropped"
                )
            );
            return ExitCodes.Success;
        });
        return command;
    }
}
