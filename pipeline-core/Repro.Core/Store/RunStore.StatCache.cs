using Repro.Core.Cache;
using Repro.Core.Fingerprint;

namespace Repro.Core.Store;

public sealed partial class RunStore
{
    /// <summary>
    /// The persisted stat cache: directory entries and git blobs at once; file rows in one query on the first file lookup.
    /// </summary>
    public StatCache LoadStatCache(TimeProvider? time = null)
    {
        // File rows load on the first file lookup (the store must still be open then); directories and git blobs now.
        var cache = new StatCache(LoadStatCacheFiles, time ?? _time);
        WithConnection(c =>
        {
            using (var memo = Command(c, null, "SELECT git_oid, object_id FROM git_blob_memo"))
            using (var rows = memo.ExecuteReader())
            {
                var blobs = new List<KeyValuePair<string, ObjectId>>();
                while (rows.Read())
                {
                    if (ObjectId.TryParse(rows.GetString(1), out var blobId))
                        blobs.Add(new(rows.GetString(0), blobId));
                }
                cache.LoadGitBlobs(blobs);
            }
            using var trees = Command(c, null, "SELECT path, summary, object_id, bytes, files FROM tree_cache");
            using var reader = trees.ExecuteReader();
            var entries = new List<TreeCacheEntry>();
            while (reader.Read())
            {
                if (ObjectId.TryParse(reader.GetString(1), out var summary) && ObjectId.TryParse(reader.GetString(2), out var id))
                    entries.Add(
                        new TreeCacheEntry(reader.GetString(0), summary, new PathHash(id, true, reader.GetInt64(3), reader.GetInt32(4)))
                    );
            }
            cache.LoadTrees(entries);
            return 0;
        });
        return cache;
    }

    private List<StatCacheEntry> LoadStatCacheFiles() =>
        WithConnection(c =>
        {
            using var command = Command(c, null, "SELECT path, size, mtime_ticks, inode, ctime_ticks, object_id FROM stat_cache");
            using var reader = command.ExecuteReader();
            var entries = new List<StatCacheEntry>();
            while (reader.Read())
            {
                if (!ObjectId.TryParse(reader.GetString(5), out var id))
                    continue;
                var key = new FileStatKey(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
                entries.Add(new StatCacheEntry(reader.GetString(0), key, id));
            }
            return entries;
        });

    /// <summary>Writes what changed in <paramref name="cache"/> since it was loaded (or last saved), in one transaction.</summary>
    /// <returns>The number of rows written or deleted.</returns>
    public int SaveStatCache(StatCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (!cache.HasChanges)
            return 0;
        var (upserted, removed) = cache.TakeChanges();
        var blobs = cache.TakeGitBlobChanges();
        var trees = cache.TakeTreeChanges();
        WithTransaction(
            (c, t) =>
            {
                using var upsert = Command(
                    c,
                    t,
                    "INSERT INTO stat_cache (path, size, mtime_ticks, inode, ctime_ticks, object_id) VALUES ($p, $s, $m, $i, $c, $o) "
                        + "ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ticks = excluded.mtime_ticks, inode = excluded.inode, "
                        + "ctime_ticks = excluded.ctime_ticks, object_id = excluded.object_id"
                );
                var path = upsert.Parameters.AddWithValue("$p", "");
                var size = upsert.Parameters.AddWithValue("$s", 0L);
                var mtime = upsert.Parameters.AddWithValue("$m", 0L);
                var inode = upsert.Parameters.AddWithValue("$i", 0L);
                var ctime = upsert.Parameters.AddWithValue("$c", 0L);
                var id = upsert.Parameters.AddWithValue("$o", "");
                foreach (var entry in upserted)
                {
                    (path.Value, size.Value, mtime.Value) = (entry.Path, entry.Key.Size, entry.Key.MtimeTicks);
                    (inode.Value, ctime.Value, id.Value) = (entry.Key.Inode, entry.Key.CtimeTicks, entry.Id.ToString());
                    upsert.ExecuteNonQuery();
                }
                using var delete = Command(c, t, "DELETE FROM stat_cache WHERE path = $p");
                var deletedPath = delete.Parameters.AddWithValue("$p", "");
                foreach (var removedPath in removed)
                {
                    deletedPath.Value = removedPath;
                    delete.ExecuteNonQuery();
                }
                using var memo = Command(
                    c,
                    t,
                    "INSERT INTO git_blob_memo (git_oid, object_id) VALUES ($g, $o) ON CONFLICT (git_oid) DO UPDATE SET object_id = excluded.object_id"
                );
                var blob = memo.Parameters.AddWithValue("$g", "");
                var blobId = memo.Parameters.AddWithValue("$o", "");
                foreach (var (gitOid, objectId) in blobs)
                {
                    (blob.Value, blobId.Value) = (gitOid, objectId.ToString());
                    memo.ExecuteNonQuery();
                }
                using var tree = Command(
                    c,
                    t,
                    "INSERT INTO tree_cache (path, summary, object_id, bytes, files) VALUES ($p, $s, $o, $b, $f) "
                        + "ON CONFLICT (path) DO UPDATE SET summary = excluded.summary, object_id = excluded.object_id, bytes = excluded.bytes, files = excluded.files"
                );
                var treePath = tree.Parameters.AddWithValue("$p", "");
                var treeSummary = tree.Parameters.AddWithValue("$s", "");
                var treeId = tree.Parameters.AddWithValue("$o", "");
                var treeBytes = tree.Parameters.AddWithValue("$b", 0L);
                var treeFiles = tree.Parameters.AddWithValue("$f", 0);
                foreach (var entry in trees)
                {
                    (treePath.Value, treeSummary.Value, treeId.Value) = (entry.Path, entry.Summary.ToString(), entry.Hash.Id.ToString());
                    (treeBytes.Value, treeFiles.Value) = (entry.Hash.Bytes, entry.Hash.Files);
                    tree.ExecuteNonQuery();
                }
            }
        );
        return upserted.Count + removed.Count + blobs.Count + trees.Count;
    }
}
