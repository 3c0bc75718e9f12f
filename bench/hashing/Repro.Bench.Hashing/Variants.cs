using System.Diagnostics;
using System.IO.MemoryMappedFiles;

static class Variants
{
    public static void Run(string path)
    {
        for (var round = 0; round < 3; round++)
        {
            foreach (
                var (name, f) in new (string, Func<string, string>)[]
                {
                    ("read-only 4M", ReadOnly),
                    ("update 1M", p => Update(p, 1 << 20, false)),
                    ("update 4M", p => Update(p, 4 << 20, false)),
                    ("join 4M", p => Update(p, 4 << 20, true)),
                    ("join 16M", p => Update(p, 16 << 20, true)),
                    ("pipelined join 8M", Pipelined),
                    ("mmap join", Mmap),
                }
            )
            {
                var c = Stopwatch.StartNew();
                var id = f(path);
                Console.WriteLine($"{name, -20} {c.Elapsed.TotalMilliseconds, 8:F0} ms {id[..8]}");
            }
        }
    }

    static string ReadOnly(string p)
    {
        using var h = File.OpenHandle(p);
        var b = new byte[4 << 20];
        long o = 0;
        int r;
        while ((r = RandomAccess.Read(h, b, o)) > 0)
            o += r;
        return "--------";
    }

    static string Update(string p, int size, bool join)
    {
        using var h = File.OpenHandle(p);
        var b = new byte[size];
        long o = 0;
        int r;
        using var hs = Blake3.Hasher.New();
        while ((r = RandomAccess.Read(h, b, o)) > 0)
        {
            if (join)
                hs.UpdateWithJoin(b.AsSpan(0, r));
            else
                hs.Update(b.AsSpan(0, r));
            o += r;
        }
        return hs.Finalize().ToString();
    }

    static string Pipelined(string p)
    {
        using var h = File.OpenHandle(p);
        var bufs = new[] { new byte[8 << 20], new byte[8 << 20] };
        using var hs = Blake3.Hasher.New();
        long o = 0;
        var r = RandomAccess.Read(h, bufs[0], 0);
        var k = 0;
        while (r > 0)
        {
            var cur = bufs[k];
            var n = r;
            o += r;
            k ^= 1;
            var next = bufs[k];
            var off = o;
            var read = Task.Run(() => RandomAccess.Read(h, next, off));
            hs.UpdateWithJoin(cur.AsSpan(0, n));
            r = read.Result;
        }
        return hs.Finalize().ToString();
    }

    static unsafe string Mmap(string p)
    {
        using var mm = MemoryMappedFile.CreateFromFile(p, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = mm.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* ptr = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref ptr);
        try
        {
            var len = new FileInfo(p).Length;
            using var hs = Blake3.Hasher.New();
            long o = 0;
            while (o < len)
            {
                var n = (int)Math.Min(64 << 20, len - o);
                hs.UpdateWithJoin(new ReadOnlySpan<byte>(ptr + o, n));
                o += n;
            }
            return hs.Finalize().ToString();
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }
}
