// Checks that run before anything starts. Each failure is a StackError that
// names the fix; the CLI prints it and exits non-zero.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { isPortFree, describeHolder } from './ports.mjs';

export class StackError extends Error {
  constructor(message, fix) {
    super(message);
    this.name = 'StackError';
    this.fix = fix;
  }
}

/** Major version of a java binary, or null when it cannot be run. */
export function javaMajor(java) {
  const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m) return null;
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
}

/** The java that runs Kafka: $JAVA_HOME/bin/java, else `java` on PATH. Needs 17+. */
export function kafkaJava(env = process.env) {
  const java = env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
  const major = javaMajor(java);
  if (major === null) {
    throw new StackError(
      `Java not found (${env.JAVA_HOME ? `tried ${java} from JAVA_HOME` : 'no `java` on PATH'}); Kafka needs Java 17 or newer.`,
      'apt-get install openjdk-17-jre-headless, or put a JDK 17+ on PATH / set JAVA_HOME.',
    );
  }
  if (major < 17) {
    throw new StackError(
      `${java} is Java ${major}; Kafka 4 needs Java 17 or newer.`,
      'Install JDK 17+ and put it first on PATH, or set JAVA_HOME to it.',
    );
  }
  return { java, major };
}

/**
 * The java that runs Apicurio Registry. Its 3.3.x app jar is compiled for
 * Java 21 (class file 65), so: $REGISTRY_JAVA, else Kafka's java when it is
 * 21+, else the newest JDK 21+ under /usr/lib/jvm (Temurin on these machines).
 */
export function registryJava(env = process.env, minMajor = 21) {
  if (env.REGISTRY_JAVA) {
    const major = javaMajor(env.REGISTRY_JAVA);
    if (major === null || major < minMajor) {
      throw new StackError(
        `REGISTRY_JAVA=${env.REGISTRY_JAVA} is ${major === null ? 'not runnable' : `Java ${major}`}; Apicurio Registry needs Java ${minMajor}+.`,
        `Point REGISTRY_JAVA at a Java ${minMajor}+ binary, or unset it.`,
      );
    }
    return { java: env.REGISTRY_JAVA, major };
  }
  const candidates = [env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java'];
  try {
    for (const d of fs.readdirSync('/usr/lib/jvm'))
      candidates.push(path.join('/usr/lib/jvm', d, 'bin', 'java'));
  } catch {
    /* no /usr/lib/jvm */
  }
  let best = null;
  for (const java of candidates) {
    const major = javaMajor(java);
    if (major !== null && major >= minMajor && (!best || major > best.major))
      best = { java, major };
  }
  if (!best) {
    throw new StackError(
      `No Java ${minMajor}+ found for Apicurio Registry (its 3.3.x jars are compiled for Java 21; Kafka alone runs on 17).`,
      `Install a JDK ${minMajor}+ (e.g. Temurin under /usr/lib/jvm) or set REGISTRY_JAVA=/path/to/java.`,
    );
  }
  return best;
}

export function checkMaven() {
  const r = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new StackError(
      'Maven (`mvn`) is not on PATH; it is needed once, to fetch Kafka and Apicurio Registry from Maven Central.',
      'apt-get install maven (3.8+), then run the command again.',
    );
  }
}

/** Throws naming every busy port and, where known, the process holding it. */
export async function checkPortsFree(wanted) {
  const busy = [];
  for (const { port, host, what } of wanted) {
    if (!(await isPortFree(port, host))) busy.push(`${what}: ${describeHolder(port)}`);
  }
  if (busy.length) {
    throw new StackError(
      `Port(s) needed by the stack are taken:\n    ${busy.join('\n    ')}`,
      'Stop that process (or `npm run stack:down` if it is an old stack), or move the stack with KAFKA_BROKERS / KAFKA_CONTROLLER_PORT / SCHEMA_REGISTRY_URL / REGISTRY_MANAGEMENT_PORT.',
    );
  }
}
