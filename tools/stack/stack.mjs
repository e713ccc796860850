#!/usr/bin/env node
// The local stack: Apache Kafka (KRaft, one node) and Apicurio Registry
// (Confluent-compatible API) on Java, PostgreSQL at DATABASE_URL.
//
//   node tools/stack/stack.mjs up [--secure] | down [--purge] | status [--json]
//   node tools/stack/stack.mjs start|stop|restart kafka|registry [--signal SIGKILL]
//   node tools/stack/stack.mjs kafka-tool consumer-groups --describe --group g
//   node tools/stack/stack.mjs env          (shell exports of the endpoints)
//
// Importable too (tools/ci/test.mjs): see the exports below and README.md.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { stackConfig, endpoints } from './config.mjs';
import { StackError, kafkaJava } from './preflight.mjs';
import { kafkaToolCommand, writeKafkaConfig } from './kafka.mjs';
import {
  ensureStackUp,
  stackDown,
  stackStatus,
  isStackHealthy,
  startComponent,
  stopComponent,
  restartRegistry,
  COMPONENTS,
} from './lifecycle.mjs';

export {
  ensureStackUp,
  stackDown,
  stackStatus,
  isStackHealthy,
  startComponent,
  stopComponent,
  restartRegistry,
  COMPONENTS,
};
export { stackConfig, endpoints, StackError };

/** Runs one of Kafka's tools (alias from KAFKA_TOOLS or a main class) synchronously. */
export function runKafkaTool(tool, args = [], opts = {}) {
  const cfg = stackConfig();
  writeKafkaConfig(cfg);
  const { command, args: argv } = kafkaToolCommand(cfg, kafkaJava().java, tool, args);
  return spawnSync(command, argv, { encoding: 'utf8', ...opts });
}

function printTable(rows) {
  const cols = Object.keys(rows[0]);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (vals) => vals.map((v, i) => String(v).padEnd(width[i])).join('  ');
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}

function printEndpoints(cfg) {
  const e = endpoints(cfg);
  console.log('\nendpoints:');
  for (const [k, v] of Object.entries(e)) console.log(`  ${k}=${v}`);
  console.log(`  registry health: http://127.0.0.1:${cfg.registry.managementPort}/health/ready`);
  console.log(`logs: ${cfg.kafka.log}, ${cfg.registry.log}`);
  console.log(`pids: ${cfg.runDir}   data: ${cfg.dataDir}`);
}

const USAGE = `usage: node tools/stack/stack.mjs <command>
  up [--secure]               start Kafka + registry (idempotent); --secure: SASL_SSL (SCRAM-SHA-512)
                              with the stack's own CA; it stays secure until down --purge
  down [--purge]              stop them; --purge also deletes .stack/data
  status [--json]             table of components; exit 0 only when all healthy
  start|stop|restart <${COMPONENTS.join('|')}> [--signal SIGKILL] [--secure]
  kafka-tool <tool> [args]    consumer-groups, topics, get-offsets, producer-perf-test, ...
  env                         print the endpoints as shell exports (a secure stack's KAFKA_SASL_* and
                              KAFKA_TLS*, with the password as KAFKA_SASL_PASSWORD_FILE)`;

async function main(argv) {
  const [cmd, ...rest] = argv;
  const flag = (f) => rest.includes(f);
  const secure = flag('--secure');
  const cfg = stackConfig(process.env, { secure });
  switch (cmd) {
    case 'up': {
      await ensureStackUp({ secure });
      printEndpoints(cfg);
      return 0;
    }
    case 'down':
      await stackDown({ purge: flag('--purge') });
      return 0;
    case 'status': {
      const st = await stackStatus();
      if (flag('--json')) console.log(JSON.stringify(st, null, 2));
      else {
        printTable(
          st.components.map((c) => ({
            component: c.name,
            pid: c.pid ?? (c.external ? 'external' : '-'),
            port: c.ports.join(','),
            state: c.state,
            log: c.log ?? '-',
          })),
        );
      }
      return st.healthy ? 0 : 1;
    }
    case 'start':
    case 'stop':
    case 'restart': {
      const name = rest.find((a) => !a.startsWith('--'));
      const i = rest.indexOf('--signal');
      const signal = i >= 0 ? rest[i + 1] : 'SIGTERM';
      if (cmd !== 'start') await stopComponent(name, { signal, log: console.log });
      if (cmd !== 'stop') await startComponent(name, { secure });
      return 0;
    }
    case 'kafka-tool': {
      const r = runKafkaTool(rest[0], rest.slice(1), { stdio: 'inherit' });
      return r.status ?? 1;
    }
    case 'env':
      for (const [k, v] of Object.entries(endpoints(cfg))) console.log(`export ${k}='${v}'`);
      return 0;
    default:
      console.error(USAGE);
      return cmd === undefined || cmd === 'help' || cmd === '--help' ? 0 : 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      if (e instanceof StackError) {
        console.error(`stack: ERROR: ${e.message}`);
        if (e.fix) console.error(`stack: fix: ${e.fix}`);
      } else {
        console.error(`stack: ERROR: ${e.stack ?? e}`);
      }
      process.exit(1);
    },
  );
}
