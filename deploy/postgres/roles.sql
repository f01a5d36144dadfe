-- Custos's three PostgreSQL roles (docs/adr/0007-database-roles.md). Run once per database as a superuser or
-- a role with CREATEROLE, with psql; safe to run again (it creates only what is missing):
--
--   psql "$ADMIN_DATABASE_URL" -v ON_ERROR_STOP=1 \
--     -v migration_role=custos_migrate -v storage_role=custos_storage -v consent_role=custos_consent \
--     -f deploy/postgres/roles.sql
--
-- Then give each role a password (psql: \password custos_storage, ...) or let CloudNativePG's managed roles
-- do it, and put one URL per role in the custos-secrets Secret (deploy/README.md). The grants of the runtime
-- roles on the schemas are made by `custos migrate`, run as the migration role with
-- CUSTOS_DATABASE_STORAGE_ROLE and CUSTOS_DATABASE_CONSENT_ROLE set: this file only creates the roles and lets
-- the migration role create the schemas.

-- Log-in roles, none of which can create databases or roles or bypass row security.
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', r)
  FROM unnest(ARRAY[:'migration_role', :'storage_role', :'consent_role']) AS r
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r)
\gexec

-- The migration role creates the schemas `storage` and `consent` (and so owns them and everything in them).
SELECT format('GRANT CONNECT, CREATE ON DATABASE %I TO %I', current_database(), :'migration_role')
\gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I, %I', current_database(), :'storage_role', :'consent_role')
\gexec

-- The runtime roles create nothing anywhere: not in `public` (PostgreSQL before 15 let every role), not
-- temporary tables.
SELECT format('REVOKE CREATE ON SCHEMA public FROM PUBLIC')
\gexec
SELECT format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database())
\gexec

-- Coming from one role for everything: the objects of `storage` and `consent` must belong to the migration role,
-- so before the first `custos migrate` with the new roles run, as a superuser:
--   REASSIGN OWNED BY <old role> TO <migration role>;
