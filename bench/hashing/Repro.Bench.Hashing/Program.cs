using System.Diagnostics;
using System.Globalization;
using Repro.Core.Fingerprint;
using Repro.Core.Store;

// Console harness for bench/hashing/bench.sh: each command prints one line "<milliseconds> <id>" per repetition, so the
// script can time Repro exactly as it times b3sum, md5sum and sha256sum (best of N, same page-cached data).
//   hash <path> [repeat]             ContentHasher, no stat cache
//   status <dir> <db> [repeat]       a `repro status`-like pass: open the run store, load the stat cache, hash, save
//   gitmemo <dir> <MiB>              a tracked file rewritten with the same bytes (as by a branch switch): read+hash
//                                    versus the git blob memo; prints "<read ms> <memo ms>"
//   generate <dir>                   <dir>/big.bin (1 GiB) and <dir>/small/ (100,000 files of 1 KiB), unless present
//   save <path> <cache> fsync|nofsync   ObjectStore.SaveAsync into an empty cache
//   variants <file>                  the large-file strategies compared while choosing ContentHasher's
return args switch
{
    ["hash", var path, .. var rest] => await Hash(path, Repeat(rest)),
    ["status", var dir, var db, .. var rest] => await Status(dir, db, Repeat(rest)),
    ["generate", var dir] => Generate(dir),
    ["gitmemo", var dir, var megabytes] => await GitMemo(dir, int.Parse(megabytes, CultureInfo.InvariantCulture)),
    ["variants", var path] => Bench(path),
    ["save", var path, var cache, var fsync] => await Save(path, cache, fsync == "fsync"),
    _ => Usage(),
};

static int Repeat(string[] rest) => rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 1;

static async Task<int> Hash(string path, int repeat)
{
    for (var i = 0; i < repeat; i++)
    {
        var clock = Stopwatch.StartNew();
        var hash = await new ContentHasher().HashPathAsync(path);
        Console.WriteLine(FormattableString.Invariant($"{clock.Elapsed.TotalMilliseconds:F1} {hash.Id} {hash.Files} {hash.Bytes}"));
    }
    return 0;
}

static async Task<int> Status(string dir, string db, int repeat)
{
    for (var i = 0; i < repeat; i++)
    {
        var clock = Stopwatch.StartNew();
        using var store = RunStore.Open(db);
        var cache = store.LoadStatCache();
        var loaded = clock.Elapsed.TotalMilliseconds;
        var hash = await new ContentHasher(cache).HashPathAsync(dir);
        var hashed = clock.Elapsed.TotalMilliseconds;
        var written = store.SaveStatCache(cache);
        Console.WriteLine(
            FormattableString.Invariant(
                $"{clock.Elapsed.TotalMilliseconds:F1} {hash.Id} {hash.Files} load={loaded:F0}ms hash={hashed - loaded:F0}ms saved={written}"
            )
        );
    }
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: hash <path> [repeat] | status <dir> <db> [repeat]");
    return 2;
}
static int Bench(string path)
{
    Variants.Run(path);
    return 0;
}

static async Task<int> Save(string path, string cache, bool fsync)
{
    var clock = Stopwatch.StartNew();
    var hash = await new Repro.Core.Cache.ObjectStore(cache, fsync).SaveAsync(path, new ContentHasher());
    Console.WriteLine(FormattableString.Invariant($"{clock.Elapsed.TotalMilliseconds:F1} {hash.Id} {hash.Files} {hash.Bytes}"));
    return 0;
}

static int Generate(string dir)
{
    // Incompressible, deterministic bytes (xorshift64*): the same data in every run, and no banned Random.
    var state = 0x9E3779B97F4A7C15UL;
    void Fill(Span<byte> span)
    {
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(span);
        for (var i = 0; i < words.Length; i++)
        {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            words[i] = state * 0x2545F4914F6CDD1DUL;
        }
    }
    Directory.CreateDirectory(dir);
    var big = Path.Join(dir, "big.bin");
    if (!File.Exists(big) || new FileInfo(big).Length != 1L << 30)
    {
        using var file = File.Create(big + ".tmp");
        var block = new byte[8 << 20];
        for (var i = 0; i < 128; i++)
        {
            Fill(block);
            file.Write(block);
        }
        file.Close();
        File.Move(big + ".tmp", big, overwrite: true);
    }
    var small = Path.Join(dir, "small");
    if (!File.Exists(Path.Join(small, "complete")))
    {
        var content = new byte[1024];
        for (var i = 0; i < 100_000; i++)
        {
            var sub = Path.Join(small, (i % 100).ToString("D2", CultureInfo.InvariantCulture));
            if (i < 100)
                Directory.CreateDirectory(sub);
            Fill(content);
            File.WriteAllBytes(Path.Join(sub, $"f{i:D6}.bin"), content);
        }
        File.WriteAllText(Path.Join(dir, "small.complete"), "");
        File.Move(Path.Join(dir, "small.complete"), Path.Join(small, "complete"));
    }
    return 0;
}

static async Task<int> GitMemo(string dir, int megabytes)
{
    if (Directory.Exists(dir))
        Directory.Delete(dir, recursive: true);
    Directory.CreateDirectory(dir);
    LibGit2Sharp.Repository.Init(dir);
    var path = Path.Join(dir, "data.bin");
    var block = new byte[1 << 20];
    using (var file = File.Create(path))
    {
        for (var i = 0; i < megabytes; i++)
        {
            block.AsSpan().Fill((byte)i);
            block[i % block.Length] ^= 0x5a;
            file.Write(block);
        }
    }
    using (var repository = new LibGit2Sharp.Repository(dir))
    {
        LibGit2Sharp.Commands.Stage(repository, "data.bin");
        var who = new LibGit2Sharp.Signature("bench", "bench@example.com", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        repository.Commit("data", who, who, new LibGit2Sharp.CommitOptions());
    }
    // A clock far ahead so nothing counts as racily fresh in this short-lived experiment.
    var later = new FixedClock(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
    var cache = new StatCache(later);
    using var git = GitWorkTree.Discover(dir)!;
    await new ContentHasher(cache, git: git).HashPathAsync(path);
    double best(Func<double> f) => Enumerable.Range(0, 3).Select(_ => f()).Min();
    double Rewritten(GitWorkTree? tree)
    {
        File.Copy(path, path + ".new");
        File.Move(path + ".new", path, overwrite: true);
        // What a checkout leaves behind: git's index knows the new stat, Repro's stat cache does not.
        using (var refresh = Process.Start("git", ["-C", dir, "update-index", "-q", "--refresh"]))
            refresh.WaitForExit();
        var clock = Stopwatch.StartNew();
        new ContentHasher(cache, git: tree).HashPathAsync(path).GetAwaiter().GetResult();
        return clock.Elapsed.TotalMilliseconds;
    }
    var read = best(() => Rewritten(null));
    var memo = best(() => Rewritten(git));
    Console.WriteLine(FormattableString.Invariant($"{read:F0} {memo:F0}"));
    return 0;
}

sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
