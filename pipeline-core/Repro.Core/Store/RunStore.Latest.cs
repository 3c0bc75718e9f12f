namespace Repro.Core.Store;

public sealed partial class RunStore
{
    /// <summary>
    /// Each stage's fingerprint in its latest successful execution (executed or cached), by stage name: what <c>repro status</c>
    /// compares the workspace with.
    /// </summary>
    public IReadOnlyDictionary<string, string> LatestStageFingerprints() =>
        WithConnection(c =>
        {
            using var command = Command(
                c,
                null,
                """
                SELECT stage, fingerprint FROM (
                    SELECT e.stage, e.fingerprint,
                        ROW_NUMBER() OVER (PARTITION BY e.stage ORDER BY r.created_at DESC, r.id DESC) AS n
                    FROM stage_executions e JOIN runs r ON r.id = e.run_id
                    WHERE e.status IN ('executed', 'cached'))
                WHERE n = 1
                """
            );
            using var reader = command.ExecuteReader();
            var latest = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read())
                latest[reader.GetString(0)] = reader.GetString(1);
            return (IReadOnlyDictionary<string, string>)latest;
        });
}
