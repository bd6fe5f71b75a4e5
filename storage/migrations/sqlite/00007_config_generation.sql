-- +goose Up
-- A counter that every change to what decisions depend on (the policy, its
-- draft, settings, the on-call rota, staff) moves on, by trigger so that no
-- writer can forget it. Servers keep the decision context in memory and
-- read only this number per interaction to know it is still current.
CREATE TABLE config_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO config_generation (id, n) VALUES (1, 0);

-- +goose StatementBegin
CREATE TRIGGER policy_versions_ins AFTER INSERT ON policy_versions BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER policy_versions_upd AFTER UPDATE ON policy_versions BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER policy_versions_del AFTER DELETE ON policy_versions BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER policy_draft_ins AFTER INSERT ON policy_draft BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER policy_draft_upd AFTER UPDATE ON policy_draft BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER policy_draft_del AFTER DELETE ON policy_draft BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER settings_ins AFTER INSERT ON settings BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER settings_upd AFTER UPDATE ON settings BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER settings_del AFTER DELETE ON settings BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER oncall_ins AFTER INSERT ON oncall BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER oncall_upd AFTER UPDATE ON oncall BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER oncall_del AFTER DELETE ON oncall BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER staff_ins AFTER INSERT ON staff BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER staff_upd AFTER UPDATE ON staff BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER staff_del AFTER DELETE ON staff BEGIN UPDATE config_generation SET n = n + 1; END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER policy_versions_ins;
DROP TRIGGER policy_versions_upd;
DROP TRIGGER policy_versions_del;
DROP TRIGGER policy_draft_ins;
DROP TRIGGER policy_draft_upd;
DROP TRIGGER policy_draft_del;
DROP TRIGGER settings_ins;
DROP TRIGGER settings_upd;
DROP TRIGGER settings_del;
DROP TRIGGER oncall_ins;
DROP TRIGGER oncall_upd;
DROP TRIGGER oncall_del;
DROP TRIGGER staff_ins;
DROP TRIGGER staff_upd;
DROP TRIGGER staff_del;
DROP TABLE config_generation;
