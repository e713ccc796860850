// Resolves Kafka's jars and Apicurio's distribution into the cache once,
// through tools/stack/pom.xml, and skips it when they are already there.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { POM } from './config.mjs';
import { StackError, checkMaven } from './preflight.mjs';
import { tail } from './procs.mjs';

const kafkaJar = (cfg) => path.join(cfg.kafka.libDir, `kafka_2.13-${cfg.versions.kafka}.jar`);
const apicurioJar = (cfg) =>
  path.join(cfg.registry.home, 'app', `apicurio-registry-app-${cfg.versions.apicurio}.jar`);

export function artifactsPresent(cfg) {
  return {
    kafka:
      fs.existsSync(kafkaJar(cfg)) &&
      fs.existsSync(path.join(cfg.kafka.libDir, `kafka-tools-${cfg.versions.kafka}.jar`)),
    registry:
      fs.existsSync(apicurioJar(cfg)) &&
      fs.existsSync(path.join(cfg.registry.home, 'quarkus-run.jar')),
  };
}

/**
 * Runs Maven only when a jar of the pom's version is missing for one of the components about
 * to start (`names`); it then resolves both.
 */
export async function ensureArtifacts(cfg, log = console.log, names = ['kafka', 'registry']) {
  const have = artifactsPresent(cfg);
  if (names.every((n) => have[n])) return false;
  checkMaven();
  // A version change leaves the old jars behind: start those dirs afresh.
  if (!have.kafka) fs.rmSync(cfg.kafka.libDir, { recursive: true, force: true });
  if (!have.registry) {
    fs.rmSync(cfg.registry.home, { recursive: true, force: true });
    fs.rmSync(path.join(cfg.dir, 'maven', 'markers'), { recursive: true, force: true });
  }
  fs.mkdirSync(cfg.logDir, { recursive: true });
  const mvnLog = path.join(cfg.logDir, 'maven.log');
  log(
    `resolving Kafka ${cfg.versions.kafka} and Apicurio Registry ${cfg.versions.apicurio} from Maven Central (first run, ~230 MB) ...`,
  );
  const t0 = Date.now();
  const code = await new Promise((resolve) => {
    const fd = fs.openSync(mvnLog, 'w');
    const args = ['-B', '-q', '-f', POM, `-Dstack.dir=${cfg.dir}`, 'package'];
    const child = spawn('mvn', args, { stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    child.on('error', () => resolve(-1));
    child.on('exit', (c) => resolve(c));
  });
  const now = artifactsPresent(cfg);
  if (code !== 0 || !now.kafka || !now.registry) {
    const out = tail(mvnLog, 25);
    const network =
      /Could not transfer|UnknownHost|Connection (refused|timed out)|Network is unreachable|Could not resolve|offline/i.test(
        out,
      );
    throw new StackError(
      `Maven could not ${network ? 'reach Maven Central to download' : 'resolve'} the stack artifacts (exit ${code}). Tail of ${mvnLog}:\n${out}`,
      network
        ? 'Check network access to Maven Central (or a mirror in ~/.m2/settings.xml), then run `npm run stack:up` again.'
        : `Check the versions in ${POM} exist on Maven Central; the full log is ${mvnLog}.`,
    );
  }
  log(`artifacts resolved in ${((Date.now() - t0) / 1000).toFixed(1)} s into ${cfg.dir}`);
  return true;
}
