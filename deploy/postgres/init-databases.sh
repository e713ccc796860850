#!/bin/sh
# Runs once, on an empty data volume (postgres image: /docker-entrypoint-initdb.d). One database
# per service, as the services own their state alone, plus the schema registry's storage.
# tools/deploy checks that every DATABASE_URL in docker-compose.yml names one of these.
set -eu
for db in order_service warehouse_service transport_service billing_service control_tower schema_registry; do
  echo "creating database $db"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -c "CREATE DATABASE $db"
done
