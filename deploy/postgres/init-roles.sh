#!/bin/sh
# Run by the postgres image once, when it initialises an empty data directory
# (/docker-entrypoint-initdb.d): makes Ashar's two logins with deploy/postgres/roles.sql.
# The passwords come from the container's environment (deploy/compose.yaml).
set -eu
: "${ASHAR_OWNER_PASSWORD:?set ASHAR_OWNER_PASSWORD}"
: "${ASHAR_APP_PASSWORD:?set ASHAR_APP_PASSWORD}"
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-ashar}" \
  -v owner_role="${ASHAR_OWNER_ROLE:-ashar_owner}" -v owner_password="$ASHAR_OWNER_PASSWORD" \
  -v app_role="${ASHAR_APP_ROLE:-ashar_app}" -v app_password="$ASHAR_APP_PASSWORD" \
  -f "${ASHAR_ROLES_SQL:-/ashar/roles.sql}"
