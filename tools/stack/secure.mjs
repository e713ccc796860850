// `up --secure`: the broker's client listener speaks SASL_SSL (SCRAM-SHA-512) with a
// certificate from a CA of the stack's own, made with Java's keytool. Everything secret lives
// in <STACK_DIR>/data/kafka-secure (mode 0600 files), beside the KRaft data that holds the SCRAM
// users, so `down --purge` removes both together. Passwords are never printed or logged:
// clients get a password *file* (KAFKA_SASL_PASSWORD_FILE).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { StackError } from './preflight.mjs';

export const CLIENT_USER = 'logisync';
export const BROKER_USER = 'admin';
export const MECHANISM = 'SCRAM-SHA-512';

const SECRET = { mode: 0o600 };

/** Where the secure material is; `secure` in stackConfig is true when it exists. */
export function securePaths(dataDir) {
  const dir = path.join(dataDir, 'kafka-secure');
  return {
    dir,
    marker: path.join(dir, 'ca.pem'),
    caPem: path.join(dir, 'ca.pem'),
    caStore: path.join(dir, 'ca.p12'),
    keystore: path.join(dir, 'broker.p12'),
    storePassword: path.join(dir, 'store.password'),
    brokerPassword: path.join(dir, 'admin.password'),
    clientPassword: path.join(dir, 'client.password'),
    clientProperties: path.join(dir, 'client.properties'),
  };
}

const read = (file) => fs.readFileSync(file, 'utf8').trim();

// keytool is a JVM per call and most of its time is start-up: C1 only, serial GC.
const KEYTOOL_JVM = ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC', '-J-Xshare:auto'];

function keytool(java, args, cwd) {
  const bin = java === 'java' ? 'keytool' : path.join(path.dirname(java), 'keytool');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [...KEYTOOL_JVM, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const fail = (why) =>
      reject(
        new StackError(
          `keytool ${args[0]} failed (${why}): ${out.trim().slice(-600)}`,
          `keytool comes with the JDK/JRE that runs Kafka (${bin}); remove ${cwd} and try again.`,
        ),
      );
    child.on('error', (e) => fail(e.message));
    child.on('exit', (code) => (code === 0 ? resolve() : fail(`exit ${code}`)));
  });
}

/**
 * A CA and the broker's PKCS12 keystore holding a key and a certificate signed by it (SAN
 * localhost and 127.0.0.1: the secure stack is a local one), the CA exported as PEM for the
 * clients and as the broker's own truststore (PEM). Independent steps run two at a time.
 */
async function makeCertificates(java, p) {
  const store = ['-storetype', 'PKCS12', '-storepass:file', p.storePassword];
  const san = 'SAN=dns:localhost,ip:127.0.0.1';
  const key = ['-keyalg', 'RSA', '-keysize', '2048', '-validity', '3650'];
  const csr = path.join(p.dir, 'broker.csr');
  const crt = path.join(p.dir, 'broker.crt');
  const run = (...args) => keytool(java, args, p.dir);
  const ca = ['-keystore', p.caStore, ...store];
  const broker = ['-keystore', p.keystore, ...store];
  await Promise.all([
    run(
      '-genkeypair',
      '-alias',
      'ca',
      ...key,
      '-dname',
      'CN=logisync-stack-ca',
      '-ext',
      'bc:c',
      ...ca,
    ),
    run(
      '-genkeypair',
      '-alias',
      'broker',
      ...key,
      '-dname',
      'CN=localhost',
      '-ext',
      san,
      ...broker,
    ),
  ]);
  await Promise.all([
    run('-exportcert', '-rfc', '-alias', 'ca', ...ca, '-file', p.caPem),
    run('-certreq', '-alias', 'broker', ...broker, '-file', csr),
  ]);
  await run(
    '-gencert',
    '-alias',
    'ca',
    ...ca,
    '-infile',
    csr,
    '-outfile',
    crt,
    '-rfc',
    '-validity',
    '825',
    '-ext',
    san,
    '-ext',
    'KU=digitalSignature,keyEncipherment',
    '-ext',
    'EKU=serverAuth,clientAuth',
  );
  // The reply's issuer must be in the keystore before the reply.
  await run('-importcert', '-noprompt', '-alias', 'ca', '-file', p.caPem, ...broker);
  await run('-importcert', '-noprompt', '-alias', 'broker', '-file', crt, ...broker);
  for (const f of [csr, crt]) fs.rmSync(f, { force: true });
  for (const f of [p.caStore, p.keystore]) fs.chmodSync(f, 0o600);
}

/**
 * Creates the passwords, the CA and the broker's certificate once (idempotent). Refuses a
 * stack whose Kafka data was formatted without the SCRAM users: SCRAM credentials are
 * bootstrapped by `kafka-storage format`, so switching an existing stack needs `down --purge`.
 */
export async function ensureSecureMaterial(cfg, java, log = console.log) {
  const p = securePaths(cfg.dataDir);
  if (fs.existsSync(p.marker)) return p;
  assertSecureCompatible(cfg);
  fs.rmSync(p.dir, { recursive: true, force: true });
  fs.mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  const secret = () => randomBytes(24).toString('base64url');
  fs.writeFileSync(p.storePassword, secret(), SECRET);
  fs.writeFileSync(p.brokerPassword, secret(), SECRET);
  fs.writeFileSync(p.clientPassword, secret(), SECRET);
  await makeCertificates(java, p);
  writeClientProperties(p);
  log(`made the secure stack's CA and broker certificate in ${p.dir} (CA: ${p.caPem})`);
  return p;
}

/** Format output with the SCRAM passwords (argv of `kafka-storage format`) blanked out. */
export function redactSecrets(text, dataDir) {
  const p = securePaths(dataDir);
  let out = text;
  for (const f of [p.brokerPassword, p.clientPassword, p.storePassword]) {
    if (fs.existsSync(f)) out = out.split(read(f)).join('***');
  }
  return out;
}

/** Refuses `--secure` on Kafka data formatted without the SCRAM users (before anything starts). */
export function assertSecureCompatible(cfg) {
  const p = securePaths(cfg.dataDir);
  if (!cfg.kafka.secure || cfg.kafka.external || fs.existsSync(p.marker)) return;
  if (fs.existsSync(path.join(cfg.kafka.dataDir, 'meta.properties'))) {
    throw new StackError(
      `Kafka's data in ${cfg.kafka.dataDir} was formatted without SASL users, so this stack cannot become --secure.`,
      '`node tools/stack/stack.mjs down --purge` first (deletes the topics), or use another STACK_DIR.',
    );
  }
}

const jaas = (user, password) =>
  `org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`;

/** For Kafka's own tools: `kafka-tool <tool> --command-config <this file>`. */
function writeClientProperties(p) {
  fs.writeFileSync(
    p.clientProperties,
    `security.protocol=SASL_SSL
sasl.mechanism=${MECHANISM}
sasl.jaas.config=${jaas(CLIENT_USER, read(p.clientPassword))}
ssl.truststore.type=PEM
ssl.truststore.location=${p.caPem}
`,
    SECRET,
  );
}

/** The listener part of server.properties in secure mode (the controller stays PLAINTEXT on 127.0.0.1). */
export function secureListenerProperties(k, dataDir) {
  const p = securePaths(dataDir);
  const store = read(p.storePassword);
  return `listeners=SASL_SSL://${k.host}:${k.port},CONTROLLER://127.0.0.1:${k.controllerPort}
advertised.listeners=SASL_SSL://${k.host}:${k.port},CONTROLLER://127.0.0.1:${k.controllerPort}
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_SSL
listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT
sasl.enabled.mechanisms=${MECHANISM}
sasl.mechanism.inter.broker.protocol=${MECHANISM}
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${jaas(BROKER_USER, read(p.brokerPassword))}
ssl.keystore.type=PKCS12
ssl.keystore.location=${p.keystore}
ssl.keystore.password=${store}
ssl.key.password=${store}
ssl.truststore.type=PEM
ssl.truststore.location=${p.caPem}
ssl.client.auth=none
`;
}

/** `kafka-storage format` arguments that create the broker's and the clients' SCRAM users. */
export function scramFormatArgs(dataDir) {
  const p = securePaths(dataDir);
  return [
    '--add-scram',
    `${MECHANISM}=[name=${BROKER_USER},password=${read(p.brokerPassword)}]`,
    '--add-scram',
    `${MECHANISM}=[name=${CLIENT_USER},password=${read(p.clientPassword)}]`,
  ];
}

/** What clients set (see libs/event-runtime loadKafkaSecurity): a password file, never the password. */
export function secureClientEnv(dataDir) {
  const p = securePaths(dataDir);
  return {
    KAFKA_SASL_MECHANISM: MECHANISM.toLowerCase(),
    KAFKA_SASL_USERNAME: CLIENT_USER,
    KAFKA_SASL_PASSWORD_FILE: p.clientPassword,
    KAFKA_TLS: 'true',
    KAFKA_TLS_CA_FILE: p.caPem,
  };
}

const require = createRequire(import.meta.url);

/**
 * Secure health: a kafkajs admin that authenticates with the client credentials over TLS and
 * sees at least one broker in describeCluster (the plaintext probe cannot pass SASL).
 */
export async function secureKafkaAnswers(cfg, timeoutMs = 3000) {
  const p = securePaths(cfg.dataDir);
  if (!fs.existsSync(p.marker)) return false; // not made yet: nothing can be up
  const { Kafka, logLevel } = require('kafkajs');
  const admin = new Kafka({
    clientId: 'logisync-stack',
    brokers: [`${cfg.kafka.host}:${cfg.kafka.port}`],
    ssl: { ca: [fs.readFileSync(p.caPem, 'utf8')] },
    sasl: {
      mechanism: MECHANISM.toLowerCase(),
      username: CLIENT_USER,
      password: read(p.clientPassword),
    },
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    return brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
