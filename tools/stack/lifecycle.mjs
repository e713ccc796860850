// Bringing components up and down, and telling their state.
import fs from 'node:fs';
import { stackConfig, endpoints } from './config.mjs';
import { StackError, kafkaJava, registryJava, checkPortsFree } from './preflight.mjs';
import { ensureArtifacts } from './artifacts.mjs';
import { checkPostgres, ensureDatabases } from './postgres.mjs';
import {
  writeKafkaConfig,
  formatKafkaStorage,
  startKafka,
  kafkaHealthy,
  kafkaFailure,
} from './kafka.mjs';
import { startRegistry, registryHealthy, registryFailure } from './registry.mjs';
import { assertSecureCompatible, ensureSecureMaterial } from './secure.mjs';
import { runningPid, stopProcesses, isAlive, withLock } from './procs.mjs';
import { waitPortsFree } from './ports.mjs';

export const COMPONENTS = ['kafka', 'registry'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function assertName(name) {
  if (!COMPONENTS.includes(name))
    throw new StackError(`unknown component "${name}"`, `Use one of: ${COMPONENTS.join(', ')}.`);
}

export const portsOf = (cfg, name) =>
  name === 'kafka'
    ? [
        { port: cfg.kafka.port, host: cfg.kafka.host, what: 'Kafka broker' },
        { port: cfg.kafka.controllerPort, host: '127.0.0.1', what: 'Kafka controller' },
      ]
    : [
        { port: cfg.registry.port, host: cfg.registry.host, what: 'registry HTTP' },
        { port: cfg.registry.managementPort, host: '127.0.0.1', what: 'registry management' },
      ];

const healthyFn = { kafka: kafkaHealthy, registry: registryHealthy };
const failureFn = { kafka: kafkaFailure, registry: registryFailure };

/** { name, pid, ports, state: healthy|starting|down, external, log } */
export async function componentState(cfg, name) {
  assertName(name);
  const c = cfg[name];
  const pid = c.external ? null : runningPid(cfg, name);
  const healthy = await healthyFn[name](cfg);
  const state = healthy ? 'healthy' : pid ? 'starting' : 'down';
  const ports = c.external ? [c.port] : portsOf(cfg, name).map((p) => p.port);
  return { name, pid, ports, state, external: c.external, log: c.external ? null : c.log };
}

async function waitHealthy(cfg, name, pid, log) {
  const t0 = Date.now();
  const end = t0 + cfg.startTimeoutMs;
  for (;;) {
    if (await healthyFn[name](cfg)) {
      log(`${name} healthy after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return;
    }
    if (pid && !isAlive(pid)) throw failureFn[name](cfg, `exited during startup (pid ${pid})`);
    if (Date.now() > end) {
      await stopProcesses(cfg, name, { timeoutMs: 5000 });
      throw failureFn[name](
        cfg,
        `did not become healthy within ${cfg.startTimeoutMs / 1000} s (stopped it again)`,
      );
    }
    await sleep(250);
  }
}

/**
 * Preflight for the components that must be started: Java, ports, PostgreSQL,
 * artifacts. Returns the java binaries to use. Starts nothing.
 */
async function preflight(cfg, names, log) {
  const java = {};
  if (names.includes('kafka')) java.kafka = kafkaJava().java;
  if (names.includes('registry')) java.registry = registryJava().java;
  await checkPortsFree(names.flatMap((n) => portsOf(cfg, n)));
  if (names.includes('registry')) await checkPostgres(cfg); // before Maven: fail fast
  await ensureArtifacts(cfg, log, names);
  return java;
}

async function bringUp(cfg, names, databases, log) {
  if (names.includes('kafka')) assertSecureCompatible(cfg);
  const missing = [];
  for (const n of names) {
    const s = await componentState(cfg, n);
    if (s.state === 'healthy') continue;
    if (s.external)
      throw new StackError(
        `${n} at ${n === 'kafka' ? cfg.kafka.brokers : cfg.registry.url} (external, from the environment) is not answering.`,
        'Start that service, or unset the variable to use the local stack.',
      );
    if (s.state === 'starting') log(`${n} already starting (pid ${s.pid}); waiting`);
    missing.push(s);
  }
  const toStart = missing.filter((s) => s.state === 'down').map((s) => s.name);
  const java = await preflight(cfg, toStart, log);
  const created = databases.length ? await ensureDatabases(cfg, databases) : [];
  if (created.length) log(`created databases: ${created.join(', ')}`);
  for (const d of ['runDir', 'logDir', 'dataDir']) fs.mkdirSync(cfg[d], { recursive: true });
  const waits = [];
  for (const s of missing) {
    let pid = s.pid;
    if (s.name === 'kafka' && !pid) {
      if (cfg.kafka.secure) await ensureSecureMaterial(cfg, java.kafka, log);
      writeKafkaConfig(cfg);
      formatKafkaStorage(cfg, java.kafka, log);
      pid = startKafka(cfg, java.kafka);
    } else if (s.name === 'registry' && !pid) {
      pid = startRegistry(cfg, java.registry);
    }
    log(`${s.name} ${s.pid ? 'starting' : 'started'} (pid ${pid}), log ${cfg[s.name].log}`);
    waits.push(waitHealthy(cfg, s.name, pid, log));
  }
  const results = await Promise.allSettled(waits);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return missing.map((s) => s.name);
}

/**
 * `up`: idempotent; when everything is healthy it only says so.
 * Resolves { alreadyUp, startedNow, started: ['kafka'|'registry'], endpoints }.
 */
export async function ensureStackUp({ log = console.log, secure = false } = {}) {
  const cfg = stackConfig(process.env, { secure });
  return withLock(cfg, async () => {
    const states = await Promise.all(COMPONENTS.map((n) => componentState(cfg, n)));
    if (states.every((s) => s.state === 'healthy')) {
      log('stack already up and healthy; nothing to do');
      return { alreadyUp: true, startedNow: false, started: [], endpoints: endpoints(cfg) };
    }
    const t0 = Date.now();
    const started = await bringUp(cfg, COMPONENTS, cfg.databases, log);
    log(`stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { alreadyUp: false, startedNow: started.length > 0, started, endpoints: endpoints(cfg) };
  });
}

/** Starts one component (after preflight) and waits until it is healthy. */
export async function startComponent(name, { log = console.log, secure = false } = {}) {
  assertName(name);
  const cfg = stackConfig(process.env, { secure });
  return withLock(cfg, () =>
    bringUp(cfg, [name], name === 'registry' ? ['schema_registry'] : [], log),
  );
}

/**
 * Stops one component that we started: SIGTERM (or `signal`, e.g. 'SIGKILL'
 * for a crash), SIGKILL after timeoutMs, then waits until its ports are free.
 */
export async function stopComponent(name, { signal = 'SIGTERM', timeoutMs, log = () => {} } = {}) {
  assertName(name);
  const cfg = stackConfig();
  if (cfg[name].external)
    throw new StackError(
      `${name} is external (from the environment); not ours to stop.`,
      'Unset the variable to manage the local one.',
    );
  return withLock(cfg, async () => {
    const res = await stopProcesses(cfg, name, {
      signal,
      timeoutMs: timeoutMs ?? cfg.stopTimeoutMs,
    });
    await waitPortsFree(
      portsOf(cfg, name).map((p) => p.port),
      '127.0.0.1',
      15_000,
    );
    log(
      res.pids.length
        ? `${name} stopped (pid ${res.pids.join(', ')}${res.forced ? ', SIGKILL after timeout' : ''})`
        : `${name} was not running`,
    );
    return res;
  });
}

export async function restartRegistry(opts = {}) {
  await stopComponent('registry', opts);
  return startComponent('registry', opts);
}

/** `down`: stops what `up` started (registry first); `purge` also deletes .stack/data. */
export async function stackDown({ purge = false, log = console.log } = {}) {
  const cfg = stackConfig();
  for (const name of ['registry', 'kafka']) {
    if (!cfg[name].external) await stopComponent(name, { log });
  }
  if (purge) {
    fs.rmSync(cfg.dataDir, { recursive: true, force: true });
    log(`deleted ${cfg.dataDir}`);
  }
}

export async function stackStatus() {
  const cfg = stackConfig();
  const components = await Promise.all(COMPONENTS.map((n) => componentState(cfg, n)));
  return {
    healthy: components.every((c) => c.state === 'healthy'),
    components,
    endpoints: endpoints(cfg),
  };
}

export async function isStackHealthy() {
  return (await stackStatus()).healthy;
}
