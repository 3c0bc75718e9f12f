-- Directory-level stat cache: an unchanged directory (same stat summary of all its files) is answered without
-- loading one stat_cache row per file.
CREATE TABLE tree_cache (
    path        TEXT     NOT NULL PRIMARY KEY,
    summary     TEXT     NOT NULL,
    object_id   TEXT     NOT NULL,
    bytes       BIGINT   NOT NULL,
    files       INTEGER  NOT NULL
);
