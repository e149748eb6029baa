-- Run once by the postgres image, on an empty data directory only (docker-entrypoint-initdb.d):
-- one database per service that owns data. To re-run it, remove the volume
-- (docker compose -f docker/compose.yml down -v).
CREATE DATABASE users;
CREATE DATABASE auth;
