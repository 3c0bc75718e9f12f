using Repro.Core.Cache;
using Repro.Core.Fingerprint;

namespace Repro.Core.Store;

public sealed partial class RunStore
{
    /// <summary>Remembers a stage fingerprint's result (replacing an earlier one for the same fingerprint).</summary>
    public void PutStageResult(StageResultRecord result)
    {
        ArgumentNullException.ThrowIfNull(result);
        WithTransaction(
            (c, t) =>
            {
                using (var delete = Command(c, t, "DELETE FROM stage_results WHERE fingerprint = $f", ("$f", result.Fingerprint)))
                    delete.ExecuteNonQuery();
                using (
                    var insert = Command(
                        c,
                        t,
                        "INSERT INTO stage_results (fingerprint, stage, metrics_json, run_id, created_at) VALUES ($f, $stage, $metrics, $run, $at)",
                        ("$f", result.Fingerprint),
                        ("$stage", result.Stage),
                        ("$metrics", result.MetricsJson),
                        ("$run", result.RunId),
                        ("$at", FormatTime(_time.GetUtcNow()))
                    )
                )
                    insert.ExecuteNonQuery();
                using var outs = Command(
                    c,
                    t,
                    "INSERT INTO stage_result_outs (fingerprint, ordinal, path, object_id, is_dir, bytes, files) VALUES ($f, $o, $path, $id, $dir, $bytes, $files)"
                );
                var ordinal = outs.Parameters.AddWithValue("$o", 0);
                var path = outs.Parameters.AddWithValue("$path", "");
                var id = outs.Parameters.AddWithValue("$id", "");
                var dir = outs.Parameters.AddWithValue("$dir", 0);
                var bytes = outs.Parameters.AddWithValue("$bytes", 0L);
                var files = outs.Parameters.AddWithValue("$files", 0);
                outs.Parameters.AddWithValue("$f", result.Fingerprint);
                for (var i = 0; i < result.Outs.Count; i++)
                {
                    var (outPath, hash) = (result.Outs[i].Path, result.Outs[i].Hash);
                    (ordinal.Value, path.Value, id.Value) = (i, outPath, hash.Id.ToString());
                    (dir.Value, bytes.Value, files.Value) = (hash.IsDirectory ? 1 : 0, hash.Bytes, hash.Files);
                    outs.ExecuteNonQuery();
                }
            }
        );
    }

    /// <summary>The result remembered for a stage fingerprint, if any.</summary>
    public bool TryGetStageResult(string fingerprint, out StageResultRecord result)
    {
        result = WithConnection(c =>
        {
            string stage,
                metrics,
                runId;
            using (
                var head = Command(
                    c,
                    null,
                    "SELECT stage, metrics_json, run_id FROM stage_results WHERE fingerprint = $f",
                    ("$f", fingerprint)
                )
            )
            using (var reader = head.ExecuteReader())
            {
                if (!reader.Read())
                    return null!;
                (stage, metrics, runId) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
            }
            using var outs = Command(
                c,
                null,
                "SELECT path, object_id, is_dir, bytes, files FROM stage_result_outs WHERE fingerprint = $f ORDER BY ordinal",
                ("$f", fingerprint)
            );
            using var rows = outs.ExecuteReader();
            var list = new List<StageOut>();
            while (rows.Read())
            {
                var hash = new PathHash(ObjectId.Parse(rows.GetString(1)), rows.GetInt64(2) != 0, rows.GetInt64(3), rows.GetInt32(4));
                list.Add(new StageOut(rows.GetString(0), hash));
            }
            return new StageResultRecord(fingerprint, stage, list, metrics, runId);
        });
        return result is not null;
    }

    /// <summary>Forgets a stage fingerprint's result.</summary>
    public bool DeleteStageResult(string fingerprint)
    {
        var deleted = false;
        WithTransaction(
            (c, t) =>
            {
                using var command = Command(c, t, "DELETE FROM stage_results WHERE fingerprint = $f", ("$f", fingerprint));
                deleted = command.ExecuteNonQuery() == 1;
            }
        );
        return deleted;
    }

    /// <summary>Every out hash the run cache refers to (a directory's id stands for its manifest and files), for <c>repro gc</c>.</summary>
    public IReadOnlyList<PathHash> ListStageResultOuts() =>
        WithConnection(c =>
        {
            using var command = Command(c, null, "SELECT DISTINCT object_id, is_dir, bytes, files FROM stage_result_outs");
            using var reader = command.ExecuteReader();
            var hashes = new List<PathHash>();
            while (reader.Read())
                hashes.Add(
                    new PathHash(ObjectId.Parse(reader.GetString(0)), reader.GetInt64(1) != 0, reader.GetInt64(2), reader.GetInt32(3))
                );
            return (IReadOnlyList<PathHash>)hashes;
        });

    /// <summary>Every run-cache entry's fingerprint with the run that produced it (for <c>repro gc</c>).</summary>
    public IReadOnlyList<(string Fingerprint, string RunId)> ListStageResultOwners() =>
        WithConnection(c =>
        {
            using var command = Command(c, null, "SELECT fingerprint, run_id FROM stage_results");
            using var reader = command.ExecuteReader();
            var owners = new List<(string, string)>();
            while (reader.Read())
                owners.Add((reader.GetString(0), reader.GetString(1)));
            return (IReadOnlyList<(string, string)>)owners;
        });
}
