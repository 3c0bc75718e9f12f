// One source for the libstdc++ compatibility fix: compiled into Repro.Training (to report it in `doctor`),
// into the MSBuild task below by RoslynCodeTaskFactory (to apply it after build and publish), and into the tests.
// Repro.Training defines REPRO_NO_MSBUILD_TASK so it does not need MSBuild's assemblies.
using System;
using System.IO;
using System.Text;

namespace Repro.Training.Native
{
    /// <summary>How an ELF file needs a symbol version such as <c>GLIBCXX_3.4.32</c>.</summary>
    public enum VersionNeedState
    {
        /// <summary>The file is not a 64-bit little-endian ELF file.</summary>
        NotElf,

        /// <summary>The file does not ask for that version.</summary>
        Absent,

        /// <summary>The loader refuses the file when the version is missing.</summary>
        Required,

        /// <summary>The need is marked <c>VER_FLG_WEAK</c>: the loader accepts the file when the version is missing.</summary>
        Weak,
    }

    /// <summary>
    /// Reads and weakens version needs (<c>.gnu.version_r</c>) of 64-bit little-endian ELF files.
    /// TorchSharp 0.107's libLibTorchSharp.so asks for GLIBCXX_3.4.32 for one symbol no relocation uses;
    /// Debian 12 and Ubuntu 22.04 lack that version. A weak need lets the loader go on, and nothing else changes.
    /// </summary>
    public static class ElfVersionNeeds
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlgWeak = 0x2;

        /// <summary>Whether and how <paramref name="elf"/> needs <paramref name="versionName"/>.</summary>
        public static VersionNeedState Inspect(byte[] elf, string versionName)
        {
            var offset = FindFlagsOffset(elf, versionName, out var state);
            return offset < 0 ? state
                : (ReadU16(elf, offset) & VerFlgWeak) != 0 ? VersionNeedState.Weak
                : VersionNeedState.Required;
        }

        /// <summary>Marks the need weak in memory; returns the state before the change. Only two bytes can change.</summary>
        public static VersionNeedState Weaken(byte[] elf, string versionName)
        {
            var before = Inspect(elf, versionName);
            if (before == VersionNeedState.Required)
            {
                var offset = FindFlagsOffset(elf, versionName, out _);
                var flags = (ushort)(ReadU16(elf, offset) | VerFlgWeak);
                elf[offset] = (byte)(flags & 0xff);
                elf[offset + 1] = (byte)(flags >> 8);
            }
            return before;
        }

        /// <summary>
        /// Weakens the need in the file at <paramref name="path"/>. The new content goes to a temporary file that then
        /// replaces the original, so a file hard-linked elsewhere (a package cache) is never modified.
        /// </summary>
        public static VersionNeedState WeakenFile(string path, string versionName)
        {
            var data = File.ReadAllBytes(path);
            var before = Weaken(data, versionName);
            if (before != VersionNeedState.Required)
                return before;
            var temp = path + ".weaken.tmp";
            File.Copy(path, temp, overwrite: true); // keeps the file mode
            File.WriteAllBytes(temp, data);
            File.Replace(temp, path, null);
            return before;
        }

        /// <summary>
        /// Whether this machine's libstdc++ defines <paramref name="versionName"/>; then the fix is not needed.
        /// </summary>
        public static bool SystemLibStdCxxProvides(string versionName)
        {
            string[] candidates =
            {
                "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
                "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
                "/usr/lib64/libstdc++.so.6",
                "/lib64/libstdc++.so.6",
                "/usr/lib/libstdc++.so.6",
            };
            var needle = Encoding.ASCII.GetBytes(versionName + "\0");
            foreach (var candidate in candidates)
            {
                if (File.Exists(candidate))
                    return IndexOf(File.ReadAllBytes(candidate), needle) >= 0;
            }
            return false;
        }

        // Returns the file offset of vna_flags of the matching Vernaux entry, or -1 with the reason in `state`.
        private static long FindFlagsOffset(byte[] d, string versionName, out VersionNeedState state)
        {
            state = VersionNeedState.NotElf;
            if (d.Length < 64 || d[0] != 0x7f || d[1] != (byte)'E' || d[2] != (byte)'L' || d[3] != (byte)'F' || d[4] != 2 || d[5] != 1)
                return -1;
            state = VersionNeedState.Absent;
            var shoff = ReadU64(d, 0x28);
            int shentsize = ReadU16(d, 0x3A);
            int shnum = ReadU16(d, 0x3C);
            if (shoff <= 0 || shentsize < 64 || shoff + (long)shnum * shentsize > d.Length)
                return -1;
            for (var i = 0; i < shnum; i++)
            {
                var sh = shoff + (long)i * shentsize;
                if (ReadU32(d, sh + 4) != ShtGnuVerneed)
                    continue;
                var section = ReadU64(d, sh + 0x18);
                var link = ReadU32(d, sh + 0x28);
                var count = ReadU32(d, sh + 0x2C);
                if (link >= shnum)
                    return -1;
                var strtab = ReadU64(d, shoff + link * (long)shentsize + 0x18);
                var vn = section;
                for (var n = 0; n < count && InBounds(d, vn, 16); n++)
                {
                    int auxCount = ReadU16(d, vn + 2);
                    var va = vn + ReadU32(d, vn + 8);
                    for (var a = 0; a < auxCount && InBounds(d, va, 16); a++)
                    {
                        if (NameAt(d, strtab + ReadU32(d, va + 8)) == versionName)
                            return va + 4;
                        var next = ReadU32(d, va + 12);
                        if (next == 0)
                            break;
                        va += next;
                    }
                    var vnNext = ReadU32(d, vn + 12);
                    if (vnNext == 0)
                        break;
                    vn += vnNext;
                }
            }
            return -1;
        }

        private static string NameAt(byte[] d, long offset)
        {
            if (offset < 0 || offset >= d.Length)
                return "";
            var end = Array.IndexOf(d, (byte)0, (int)offset);
            return end < 0 ? "" : Encoding.ASCII.GetString(d, (int)offset, end - (int)offset);
        }

        private static bool InBounds(byte[] d, long offset, int size) => offset >= 0 && offset + size <= d.Length;

        private static ushort ReadU16(byte[] d, long o) => BitConverter.ToUInt16(d, (int)o);

        private static uint ReadU32(byte[] d, long o) => BitConverter.ToUInt32(d, (int)o);

        private static long ReadU64(byte[] d, long o) => BitConverter.ToInt64(d, (int)o);

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (var i = 0; i <= haystack.Length - needle.Length; i++)
            {
                var j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j])
                    j++;
                if (j == needle.Length)
                    return i;
            }
            return -1;
        }
    }

#if !REPRO_NO_MSBUILD_TASK
    /// <summary>MSBuild task: weakens a version need in the listed files that exist (build and publish outputs).</summary>
    public sealed class WeakenElfVersionNeed : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        [Microsoft.Build.Framework.Required]
        public string VersionName { get; set; } = "";

        /// <summary>Leave files alone when this machine's libstdc++ has the version (newer systems need no fix).</summary>
        public bool SkipWhenSystemProvides { get; set; }

        public override bool Execute()
        {
            if (SkipWhenSystemProvides && ElfVersionNeeds.SystemLibStdCxxProvides(VersionName))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "libstdc++ provides " + VersionName + ": no fix needed");
                return true;
            }
            foreach (var item in Files)
            {
                var path = item.ItemSpec;
                if (!File.Exists(path))
                    continue;
                var before = ElfVersionNeeds.WeakenFile(path, VersionName);
                if (before == VersionNeedState.Required)
                    Log.LogMessage(
                        Microsoft.Build.Framework.MessageImportance.High,
                        "Repro: weakened the " + VersionName + " need of " + path
                    );
                else if (before == VersionNeedState.NotElf)
                    Log.LogWarning("Repro: not a 64-bit ELF file, left alone: " + path);
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
