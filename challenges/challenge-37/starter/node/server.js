const express = require('express');
const { Pool } = require('pg');

const app = express();
app.use(express.json());
// DATABASE_URL (and PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) come from the grader.
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

// TODO: before listening, run the migrations in ./migrations (path.join(__dirname, 'migrations')):
//   - CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL,
//                                                   applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
//   - every file <version>_<name>.sql not recorded yet, in NUMERIC order of <version>, each in its own
//     transaction (one client: BEGIN, the file's SQL, INSERT INTO schema_migrations, COMMIT)
//   - a migration that fails: ROLLBACK, log it, exit with a non-zero code (do not listen)
// TODO: add migrations/002_....sql: notes.body TEXT NOT NULL DEFAULT '', notes.created_at TIMESTAMPTZ NOT NULL DEFAULT now()
// TODO: GET /migrations -> 200 [{version, name, applied_at}, ...] by version
// TODO: GET /notes, POST /notes {title, body?} -> 201 note

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
