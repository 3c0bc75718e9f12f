-- Repro run store, schema 4: heartbeats of running trials (DESIGN.md §9). A worker that shares a study with others
-- (PostgreSQL) refreshes its running trials' rows every few seconds; a row older than the timeout means the worker died,
-- and any other worker marks that trial failed. Times are ISO 8601 UTC text, as everywhere in the store.
CREATE TABLE trial_heartbeats (
    study         TEXT     NOT NULL,
    number        INTEGER  NOT NULL,
    heartbeat_at  TEXT     NOT NULL,
    PRIMARY KEY (study, number),
    FOREIGN KEY (study, number) REFERENCES trials (study, number) ON DELETE CASCADE
);
