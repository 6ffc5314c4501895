import GRDB

/// The audit table: append-only (triggers refuse UPDATE, and DELETE outside the pruning path), indexed for the
/// queries of `GET /v1/audit`.
enum AuditSchema {
    static let columns = ["seq", "id", "time", "phase", "actor", "token_id", "auth_kind", "source_ip", "user_agent", "request",
                          "groups", "rule", "decision", "reason", "action", "cluster", "role", "env", "job", "instances",
                          "request_digest", "request_body", "upstream_rpc", "upstream_principal", "response_code",
                          "response_details", "http_status", "error", "duration_us", "prev_hash", "hash"]

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE audit (
                seq INTEGER PRIMARY KEY NOT NULL, id TEXT NOT NULL, time TEXT NOT NULL, phase TEXT NOT NULL,
                actor TEXT NOT NULL, token_id TEXT, auth_kind TEXT NOT NULL, source_ip TEXT, user_agent TEXT, request TEXT,
                groups TEXT, rule TEXT, decision TEXT NOT NULL, reason TEXT, action TEXT NOT NULL, cluster TEXT, role TEXT,
                env TEXT, job TEXT, instances TEXT, request_digest TEXT, request_body TEXT, upstream_rpc TEXT,
                upstream_principal TEXT, response_code TEXT, response_details TEXT, http_status INTEGER, error TEXT,
                duration_us INTEGER, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
            CREATE INDEX audit_id ON audit(id);
            CREATE INDEX audit_actor ON audit(actor, seq);
            CREATE INDEX audit_time ON audit(time);
            CREATE INDEX audit_job ON audit(cluster, role, env, job, seq);
            CREATE TABLE audit_guard (id INTEGER PRIMARY KEY CHECK (id = 1), pruning INTEGER NOT NULL);
            INSERT INTO audit_guard VALUES (1, 0);
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
            CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit WHEN (SELECT pruning FROM audit_guard) = 0
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only: old records go only through retention pruning'); END;
            """)
    }
}
