using System.Data.Common;

namespace Repro.Core.Store;

/// <summary>
/// Studies and trials in <c>.repro/repro.db</c> (<see cref="SqlStudyStorage"/>'s statements on this store's one connection):
/// trial numbers are claimed in an IMMEDIATE transaction, so several processes on one file never get the same number.
/// </summary>
public sealed partial class RunStore : SqlStudyStorage
{
    private protected override T OnConnection<T>(Func<DbConnection, T> work) => WithConnection(work);

    private protected override T InTransaction<T>(Func<DbConnection, DbTransaction, T> work)
    {
        T result = default!;
        WithTransaction((c, t) => result = work(c, t));
        return result;
    }
}
