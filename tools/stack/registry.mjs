// Apicurio Registry (Quarkus fast-jar) with its Confluent-compatible API at
// /apis/ccompat/v7 and its storage in PostgreSQL (database schema_registry),
// so schemas and their ids survive a restart.
import path from 'node:path';
import { spawnDetached, tail } from './procs.mjs';
import { StackError } from './preflight.mjs';
import { jdbcSettings } from './postgres.mjs';

export function registryEnv(cfg) {
  const r = cfg.registry;
  const db = jdbcSettings(cfg, 'schema_registry');
  return {
    ...process.env,
    QUARKUS_HTTP_HOST: r.host === 'localhost' ? '127.0.0.1' : r.host,
    QUARKUS_HTTP_PORT: String(r.port),
    // Health and metrics live on the management interface (default 9000).
    QUARKUS_MANAGEMENT_HOST: '127.0.0.1',
    QUARKUS_MANAGEMENT_PORT: String(r.managementPort),
    QUARKUS_HTTP_ACCESS_LOG_ENABLED: String(r.accessLog),
    APICURIO_STORAGE_KIND: 'sql',
    APICURIO_STORAGE_SQL_KIND: 'postgresql',
    APICURIO_DATASOURCE_URL: db.url,
    APICURIO_DATASOURCE_USERNAME: db.username,
    APICURIO_DATASOURCE_PASSWORD: db.password,
    // Defaults are 20..100 connections; this is a 2-core dev box.
    APICURIO_DATASOURCE_JDBC_INITIAL_SIZE: '1',
    APICURIO_DATASOURCE_JDBC_MIN_SIZE: '1',
    APICURIO_DATASOURCE_JDBC_MAX_SIZE: '5',
    // ccompat ids are content ids, as in Confluent: the same schema has the
    // same id in every subject and GET /schemas/ids/{id} resolves it. (Legacy
    // mode would hand out global ids, one per subject version.) Explicit, so
    // a changed upstream default cannot move our ids.
    APICURIO_CCOMPAT_LEGACY_ID_MODE_ENABLED: 'false',
    // Confluent lets clients delete subjects and versions; so do we (dev only).
    APICURIO_REST_DELETION_ARTIFACT_ENABLED: 'true',
    APICURIO_REST_DELETION_ARTIFACT_VERSION_ENABLED: 'true',
    APICURIO_REST_DELETION_GROUP_ENABLED: 'true',
  };
}

export function startRegistry(cfg, java) {
  const r = cfg.registry;
  return spawnDetached(cfg, 'registry', {
    java,
    args: [
      ...r.heap,
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      '-jar',
      path.join(r.home, 'quarkus-run.jar'),
    ],
    env: registryEnv(cfg),
    cwd: r.home,
    log: r.log,
  });
}

async function httpOk(url, timeoutMs = 3000) {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    const res = await fetch(url, { signal: ac.signal });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ready when the management readiness check is UP (database reachable) and
 * the ccompat API lists subjects. An external registry only needs the latter.
 */
export async function registryHealthy(cfg) {
  const r = cfg.registry;
  if (!r.external && !(await httpOk(`http://127.0.0.1:${r.managementPort}/health/ready`)))
    return false;
  return httpOk(`${r.url}/subjects`);
}

export function registryFailure(cfg, why) {
  return new StackError(
    `Apicurio Registry ${why}. Tail of ${cfg.registry.log}:\n${tail(cfg.registry.log, 25)}`,
    `Read ${cfg.registry.log} (database, port or Java version problems show there), then \`npm run stack:up\` again.`,
  );
}
