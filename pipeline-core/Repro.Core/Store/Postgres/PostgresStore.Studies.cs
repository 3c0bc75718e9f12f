using System.Data.Common;
using System.Globalization;
using Repro.Core.Search;

namespace Repro.Core.Store.Postgres;

/// <summary>
/// Studies and trials in PostgreSQL (<see cref="SqlStudyStorage"/>'s statements on pooled connections). A trial number is
/// claimed under a row lock on its study (<c>SELECT ... FOR UPDATE</c>), so two workers never get the same number and a
/// study never gets more trials than asked; every running trial has a heartbeat row, and a trial whose heartbeat is older
/// than the timeout is marked failed by whichever worker looks first (Optuna's RDB storage does the same with its
/// <c>trial_heartbeats</c> table).
/// </summary>
public sealed partial class PostgresStore : SqlStudyStorage, ISharedStudyStorage
{
    public TimeSpan HeartbeatInterval => _options.HeartbeatInterval;

    public TimeSpan HeartbeatTimeout => _options.HeartbeatTimeout;

    public int? TryClaimTrial(string studyName, Func<int, long> seed, int maxTrials) => Claim(studyName, seed, maxTrials);

    public void RecordHeartbeat(string studyName, IReadOnlyCollection<int> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        if (numbers.Count == 0)
            return;
        WithConnection(c =>
            Execute(
                c,
                null,
                $"UPDATE trial_heartbeats SET heartbeat_at = {ServerNow} WHERE study = @s AND number = ANY(@n)",
                ("s", studyName),
                ("n", numbers.ToArray())
            )
        );
    }

    public IReadOnlyList<int> FailStaleTrials(string studyName) =>
        WithTransaction(
            (c, t) =>
            {
                var seconds = HeartbeatTimeout.TotalSeconds;
                using var command = Command(
                    c,
                    t,
                    "UPDATE trials SET state = 'failed', message = @m, finished_at = @t "
                        + "WHERE study = @s AND state = 'running' AND number IN (SELECT number FROM trial_heartbeats WHERE study = @s "
                        + $"AND heartbeat_at < to_char((clock_timestamp() AT TIME ZONE 'UTC') - make_interval(secs => @timeout), 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"0Z\"')) "
                        + "RETURNING number",
                    ("s", studyName),
                    ("timeout", seconds),
                    (
                        "m",
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"its worker sent no heartbeat for {seconds:0.###} s (the process died or lost the database)"
                        )
                    ),
                    ("t", Now())
                );
                var failed = new List<int>();
                using (var reader = command.ExecuteReader())
                    while (reader.Read())
                        failed.Add(reader.GetInt32(0));
                if (failed.Count > 0)
                    Execute(
                        c,
                        t,
                        "DELETE FROM trial_heartbeats WHERE study = @s AND number = ANY(@n)",
                        ("s", studyName),
                        ("n", failed.ToArray())
                    );
                failed.Sort();
                return (IReadOnlyList<int>)failed;
            }
        );

    private protected override T OnConnection<T>(Func<DbConnection, T> work) => WithConnection(work);

    private protected override T InTransaction<T>(Func<DbConnection, DbTransaction, T> work) => WithTransaction(work);

    // Concurrent claims queue on the study's row; the primary key would refuse a duplicate number anyway.
    private protected override bool LocksStudyRow => true;

    /// <summary>A claimed trial gets its first heartbeat at once, by the server's clock.</summary>
    private protected override void TrialClaimed(DbConnection connection, DbTransaction transaction, string studyName, int number) =>
        Execute(
            connection,
            transaction,
            $"INSERT INTO trial_heartbeats (study, number, heartbeat_at) VALUES (@s, @n, {ServerNow})",
            ("s", studyName),
            ("n", number)
        );

    private protected override void TrialFinished(DbConnection connection, DbTransaction transaction, string studyName, int number) =>
        Execute(connection, transaction, "DELETE FROM trial_heartbeats WHERE study = @s AND number = @n", ("s", studyName), ("n", number));
}
