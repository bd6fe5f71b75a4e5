-- +goose Up
-- A counter that every change to what decisions depend on (the policy, its
-- draft, settings, the on-call rota, staff) moves on, by trigger so that no
-- writer can forget it. Servers keep the decision context in memory and
-- read only this number per interaction to know it is still current.
CREATE TABLE config_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO config_generation (id, n) VALUES (1, 0);

-- +goose StatementBegin
CREATE FUNCTION bump_config_generation() RETURNS trigger AS $$
BEGIN
    UPDATE config_generation SET n = n + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER policy_versions_gen AFTER INSERT OR UPDATE OR DELETE ON policy_versions FOR EACH STATEMENT EXECUTE FUNCTION bump_config_generation();
CREATE TRIGGER policy_draft_gen AFTER INSERT OR UPDATE OR DELETE ON policy_draft FOR EACH STATEMENT EXECUTE FUNCTION bump_config_generation();
CREATE TRIGGER settings_gen AFTER INSERT OR UPDATE OR DELETE ON settings FOR EACH STATEMENT EXECUTE FUNCTION bump_config_generation();
CREATE TRIGGER oncall_gen AFTER INSERT OR UPDATE OR DELETE ON oncall FOR EACH STATEMENT EXECUTE FUNCTION bump_config_generation();
CREATE TRIGGER staff_gen AFTER INSERT OR UPDATE OR DELETE ON staff FOR EACH STATEMENT EXECUTE FUNCTION bump_config_generation();

-- +goose Down
DROP TRIGGER policy_versions_gen ON policy_versions;
DROP TRIGGER policy_draft_gen ON policy_draft;
DROP TRIGGER settings_gen ON settings;
DROP TRIGGER oncall_gen ON oncall;
DROP TRIGGER staff_gen ON staff;
DROP FUNCTION bump_config_generation();
DROP TABLE config_generation;
