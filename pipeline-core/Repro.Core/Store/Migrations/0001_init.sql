-- Repro run store, schema 1. Plain types only (TEXT, INTEGER, BIGINT, DOUBLE PRECISION) so a PostgreSQL store can
-- mirror it table for table (DESIGN.md §9). Times are ISO 8601 UTC text; booleans are 0/1 integers.

-- The stat cache: a file's content id while its stat (size, mtime, inode, ctime) is unchanged.
CREATE TABLE stat_cache (
    path         TEXT    NOT NULL PRIMARY KEY,
    size         BIGINT  NOT NULL,
    mtime_ticks  BIGINT  NOT NULL,
    inode        BIGINT  NOT NULL,
    ctime_ticks  BIGINT  NOT NULL,
    object_id    TEXT    NOT NULL
);

-- git blob id -> BLAKE3 id of the same bytes: a clean tracked file need not be read again after a checkout.
CREATE TABLE git_blob_memo (
    git_oid    TEXT   NOT NULL PRIMARY KEY,
    object_id  TEXT   NOT NULL
);

-- Every `repro run` (DESIGN.md §6).
CREATE TABLE runs (
    id                   TEXT    NOT NULL PRIMARY KEY,
    name                 TEXT    NOT NULL,
    created_at           TEXT    NOT NULL,
    finished_at          TEXT,
    status               TEXT    NOT NULL,
    git_commit           TEXT,
    git_branch           TEXT,
    git_dirty            INTEGER,
    git_dirty_diff_hash  TEXT,
    command_line         TEXT    NOT NULL,
    params_json          TEXT    NOT NULL,
    pipeline_seed        BIGINT  NOT NULL,
    environment_json     TEXT    NOT NULL
);
CREATE INDEX runs_created_at ON runs (created_at);
CREATE INDEX runs_name ON runs (name);

-- What happened to each stage in a run.
CREATE TABLE stage_executions (
    run_id           TEXT     NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    stage            TEXT     NOT NULL,
    ordinal          INTEGER  NOT NULL,
    fingerprint      TEXT     NOT NULL,
    status           TEXT     NOT NULL,
    duration_ms      BIGINT   NOT NULL,
    exit_code        INTEGER,
    seed             BIGINT   NOT NULL,
    dep_hashes_json  TEXT     NOT NULL,
    out_hashes_json  TEXT     NOT NULL,
    reason           TEXT,
    PRIMARY KEY (run_id, stage)
);
CREATE INDEX stage_executions_fingerprint ON stage_executions (fingerprint);

-- The run cache: a stage fingerprint's outs and metrics, so a known fingerprint is restored instead of run.
CREATE TABLE stage_results (
    fingerprint   TEXT  NOT NULL PRIMARY KEY,
    stage         TEXT  NOT NULL,
    metrics_json  TEXT  NOT NULL,
    run_id        TEXT  NOT NULL,
    created_at    TEXT  NOT NULL
);
CREATE TABLE stage_result_outs (
    fingerprint  TEXT     NOT NULL REFERENCES stage_results (fingerprint) ON DELETE CASCADE,
    ordinal      INTEGER  NOT NULL,
    path         TEXT     NOT NULL,
    object_id    TEXT     NOT NULL,
    is_dir       INTEGER  NOT NULL,
    bytes        BIGINT   NOT NULL,
    files        INTEGER  NOT NULL,
    PRIMARY KEY (fingerprint, ordinal)
);
CREATE INDEX stage_result_outs_object_id ON stage_result_outs (object_id);

-- Final metric values of a run's stage, nested keys flattened as a.b.
CREATE TABLE run_metrics (
    run_id  TEXT              NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    stage   TEXT              NOT NULL,
    key     TEXT              NOT NULL,
    value   DOUBLE PRECISION  NOT NULL,
    PRIMARY KEY (run_id, stage, key)
);

-- Per-step (per-epoch) metric values.
CREATE TABLE metric_series (
    run_id  TEXT              NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    stage   TEXT              NOT NULL,
    name    TEXT              NOT NULL,
    step    BIGINT            NOT NULL,
    value   DOUBLE PRECISION  NOT NULL,
    PRIMARY KEY (run_id, stage, name, step)
);
