/**
 * What the api's login could do beyond the app role. The pool acts as DATABASE_ROLE, but a
 * login that is a superuser or may act as the owner of the tables can leave that role with SET
 * ROLE, and with it rewrite the audit log (docs/audit.md, "Database roles").
 */

/** Runs one query and returns its rows (a DataSource's query, a pg client's rows). */
export type RowsOf = (text: string) => Promise<Record<string, unknown>[]>;

/** Why the login (session_user) is more than the app role, in a few words; null when it is not. */
export async function loginBeyondAppRole(rows: RowsOf): Promise<string | null> {
  const [row] = await rows(
    `SELECT session_user AS login, r.rolsuper AS superuser,
            pg_has_role(session_user, c.relowner, 'MEMBER') AS owner
       FROM pg_roles r, pg_class c
      WHERE r.rolname = session_user AND c.oid = to_regclass('audit_events')`,
  );
  if (!row) return null; // no audit log yet: nothing to protect
  const login = String(row['login']);
  if (row['superuser'] === true) return `the database login ${login} is a superuser`;
  if (row['owner'] === true) return `the database login ${login} may act as the owner of the tables`;
  return null;
}
