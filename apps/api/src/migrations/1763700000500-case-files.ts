import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Encrypted attachments of cases (docs/files-api.md), the PostgreSQL blob store, and the
 * e-mail address staff may give for notifications.
 *
 * A file row holds what the reader needs besides the ciphertext (stream header, encrypted
 * metadata and wrapped file key, all opaque to the server) and the upload's bookkeeping:
 * chunks are accepted strictly in order, so `received_chunks` (chunks 0 … n−1 stored) is all
 * a resumed upload needs to know. The chunks themselves live in the blob store under
 * `cases/<caseId>/files/<fileId>/<index>-<attempt>`; a purge deletes the prefix `cases/<caseId>/`.
 */
export class CaseFiles1763700000500 implements MigrationInterface {
  name = 'CaseFiles1763700000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_files (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES aid_cases (id) ON DELETE CASCADE,
        record_kind text NOT NULL CHECK (record_kind IN ('request', 'message', 'note')),
        uploader_kind text NOT NULL CHECK (uploader_kind IN ('staff', 'requester')),
        uploader_id uuid NOT NULL,
        header text NOT NULL CHECK (length(header) = 58 AND left(header, 3) = 'x1.'),
        meta text NOT NULL CHECK (length(meta) BETWEEN 400 AND 1500 AND left(meta, 3) = 'a1.'),
        wrapped_key text NOT NULL CHECK (length(wrapped_key) = 123 AND left(wrapped_key, 3) = 'a1.'),
        encrypted_size bigint NOT NULL CHECK (encrypted_size >= 17),
        chunk_count integer NOT NULL CHECK (chunk_count >= 1),
        received_chunks integer NOT NULL DEFAULT 0 CHECK (received_chunks BETWEEN 0 AND chunk_count),
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CHECK (completed_at IS NULL OR received_chunks = chunk_count),
        CHECK (record_kind <> 'note' OR uploader_kind = 'staff'),
        CHECK (record_kind <> 'request' OR uploader_kind = 'requester')
      )`);
    await q.query(`CREATE INDEX case_files_case_idx ON case_files (case_id, created_at, id)`);
    // One row per stored chunk: which blob holds it (each attempt writes a blob of its own, and
    // the row decides which one counts), its size, and a SHA-256 of the ciphertext so that a
    // chunk sent again can be told identical or different without reading it back.
    await q.query(`
      CREATE TABLE case_file_chunks (
        file_id uuid NOT NULL REFERENCES case_files (id) ON DELETE CASCADE,
        index integer NOT NULL CHECK (index >= 0),
        blob_key text NOT NULL CHECK (length(blob_key) <= 512),
        size integer NOT NULL CHECK (size BETWEEN 17 AND 65553),
        digest bytea NOT NULL CHECK (length(digest) = 32),
        PRIMARY KEY (file_id, index)
      )`);

    // The PostgreSQL blob store (BLOB_STORE=postgres): a blob is its parts, in order.
    await q.query(`
      CREATE TABLE blob_chunks (
        key text COLLATE "C" NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$' AND length(key) <= 512),
        part integer NOT NULL CHECK (part >= 0),
        data bytea NOT NULL,
        PRIMARY KEY (key, part)
      )`);

    await q.query(`ALTER TABLE staff_members ADD COLUMN notification_email text CHECK (length(notification_email) BETWEEN 3 AND 254)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE staff_members DROP COLUMN notification_email');
    await q.query('DROP TABLE blob_chunks');
    await q.query('DROP TABLE case_file_chunks');
    await q.query('DROP TABLE case_files');
  }
}
