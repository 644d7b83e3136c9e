-- The database roles of an Ashar deployment (docs/audit.md, "Database roles"). Run once, as a
-- superuser, connected to the database Ashar will use, before its first migration:
--
--   psql -v ON_ERROR_STOP=1 -d ashar \
--        -v owner_role=ashar_owner -v owner_password=… \
--        -v app_role=ashar_app -v app_password=… \
--        -f deploy/postgres/roles.sql
--
-- (deploy/compose.yaml runs it through init-roles.sh when the postgres container first starts.)
-- It makes two logins, neither of them a superuser:
--   owner_role  owns the database and its public schema; only `ashar migrate` logs in as it
--               (DATABASE_OWNER_URL). The migrations create the tables and grant the app role
--               what it needs: SELECT, INSERT, UPDATE, DELETE on the app's tables, and on the
--               audit log SELECT and INSERT only (no UPDATE, DELETE or TRUNCATE).
--   app_role    the api and the worker log in as it (DATABASE_URL, with DATABASE_ROLE the same
--               name). It owns nothing, cannot create objects and cannot become the owner.
-- Running it again changes the passwords and nothing else. Role names are plain identifiers.
\set ON_ERROR_STOP on

SELECT format('CREATE ROLE %I', :'owner_role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner_role') \gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', :'owner_role', :'owner_password') \gexec

SELECT format('CREATE ROLE %I', :'app_role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_role') \gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', :'app_role', :'app_password') \gexec
-- The app role must never be able to act as the owner.
SELECT format('REVOKE %I FROM %I', :'owner_role', :'app_role') WHERE pg_has_role(:'app_role', :'owner_role', 'MEMBER') \gexec

-- The owner owns the database and its public schema, where the migrations create everything.
SELECT format('ALTER DATABASE %I OWNER TO %I', current_database(), :'owner_role') \gexec
SELECT format('ALTER SCHEMA public OWNER TO %I', :'owner_role') \gexec
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- The migrations check that the owner may act as the app role (the runtime pool sets it at connect).
SELECT format('GRANT %I TO %I', :'app_role', :'owner_role') WHERE NOT pg_has_role(:'owner_role', :'app_role', 'MEMBER') \gexec
