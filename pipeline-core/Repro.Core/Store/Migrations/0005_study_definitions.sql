-- Repro run store, schema 5: a study is its definition (issue #7). A search stage's study is the one of that stage whose
-- definition (searched stage, objective, seed and space; StudyDefinition) matches the pipeline's: a changed definition
-- starts a new study (tune@2, tune@3, ...) and the old ones stay. definition_json is the canonical JSON, definition_hash
-- its BLAKE3. Studies written before this schema have no definition yet; they belonged to the stage they are named after,
-- and the first search that finds their trials inside its space records its definition in them.
ALTER TABLE studies ADD COLUMN stage TEXT;
ALTER TABLE studies ADD COLUMN definition_json TEXT;
ALTER TABLE studies ADD COLUMN definition_hash TEXT;
UPDATE studies SET stage = name;
-- Two workers creating the same definition at once make one study: the second insert conflicts here and reads the first.
CREATE UNIQUE INDEX studies_stage_definition ON studies (stage, definition_hash);
