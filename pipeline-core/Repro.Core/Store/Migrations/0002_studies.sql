-- Repro run store, schema 2: hyperparameter studies (DESIGN.md §7). Same plain types as schema 1, so the
-- PostgreSQL store mirrors it; trial numbers are claimed in an IMMEDIATE transaction (SELECT ... FOR UPDATE there).

-- A search: its name (the search stage's), direction and seed never change once created.
CREATE TABLE studies (
    name        TEXT    NOT NULL PRIMARY KEY,
    direction   TEXT    NOT NULL,
    seed        BIGINT  NOT NULL,
    created_at  TEXT    NOT NULL
);

-- One evaluation of the objective. params_json holds the point ({} until the sampler has chosen it): numbers with a
-- decimal point or exponent are reals, others integers. value is set for complete trials only.
CREATE TABLE trials (
    study        TEXT              NOT NULL REFERENCES studies (name) ON DELETE CASCADE,
    number       INTEGER           NOT NULL,
    seed         BIGINT            NOT NULL,
    state        TEXT              NOT NULL,
    params_json  TEXT              NOT NULL,
    value        DOUBLE PRECISION,
    message      TEXT,
    run_id       TEXT,
    started_at   TEXT              NOT NULL,
    finished_at  TEXT,
    PRIMARY KEY (study, number)
);

-- Intermediate objective values by step; NULL stands for NaN, which SQLite cannot store.
CREATE TABLE trial_values (
    study   TEXT              NOT NULL,
    number  INTEGER           NOT NULL,
    step    INTEGER           NOT NULL,
    value   DOUBLE PRECISION,
    PRIMARY KEY (study, number, step),
    FOREIGN KEY (study, number) REFERENCES trials (study, number) ON DELETE CASCADE
);
