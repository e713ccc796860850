import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DeployTarget } from './deploy-targets';
import { ignoredByDockerignore } from './docker-context';
import { parseDockerfile, type Stage } from './dockerfile-check';
import type { RepoFiles } from './repo-files';

/**
 * Without Docker, the next best thing to building an image: replay its `build` stage on a copy
 * of exactly the files its COPY lines take from the context (less what .dockerignore leaves
 * out), with the repository's node_modules standing in for `npm ci`, then start the compiled
 * entry point against endpoints that refuse connections. Passing means the image's build
 * commands work, the path aliases resolve and the app boots up to its first connection.
 */
export interface ReplayResult {
  target: string;
  ok: boolean;
  detail: string;
}

const UNREACHABLE = {
  DATABASE_URL: 'postgres://replay@127.0.0.1:9/replay',
  KAFKA_BROKERS: '127.0.0.1:9',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:9/apis/ccompat/v7',
};

function copyInto(files: RepoFiles, ignore: string, source: string, dest: string, ctx: string) {
  const from = path.join(files.root, source);
  if (fs.statSync(from).isDirectory()) {
    for (const entry of fs.readdirSync(from)) {
      const rel = path.posix.join(source, entry);
      if (!ignoredByDockerignore(ignore, rel))
        copyInto(files, ignore, rel, path.join(dest, entry), ctx);
    }
    return;
  }
  const target = dest.endsWith('/') ? path.join(dest, path.basename(source)) : dest;
  fs.mkdirSync(path.dirname(path.join(ctx, target)), { recursive: true });
  fs.copyFileSync(from, path.join(ctx, target));
}

function copyContext(files: RepoFiles, build: Stage, ctx: string) {
  const ignore = files.exists('.dockerignore') ? files.read('.dockerignore') : '';
  for (const i of build.instructions.filter(
    (x) => x.keyword === 'COPY' && !/--from=/.test(x.args),
  )) {
    const words = i.args.split(/\s+/).filter((w) => !w.startsWith('--'));
    const dest = words.pop()!;
    for (const source of words) {
      copyInto(
        files,
        ignore,
        source,
        dest === './' || words.length > 1 ? `${dest.replace(/\/?$/, '/')}` : dest,
        ctx,
      );
    }
  }
}

function run(command: string, args: string[], cwd: string, timeout: number) {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout,
    env: {
      ...process.env,
      ...UNREACHABLE,
      NODE_ENV: 'production',
      PORT: '39999',
      FORCE_COLOR: '0',
    },
  });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

export function replayImageBuild(files: RepoFiles, target: DeployTarget): ReplayResult {
  const fail = (detail: string) => ({ target: target.name, ok: false, detail });
  const doc = parseDockerfile(files.read(target.dockerfile));
  const build = doc.stages.find((s) => s.name === 'build');
  const runtime = doc.stages[doc.stages.length - 1];
  const outCopy = runtime.instructions.find(
    (i) => i.keyword === 'COPY' && i.args.includes('--from=build'),
  );
  const outDir = outCopy?.args
    .split(/\s+/)
    .filter((w) => !w.startsWith('--'))[0]
    .replace(/\/$/, '');
  if (!build || !outDir) return fail('no build stage, or the runtime stage copies nothing from it');
  const ctx = fs.mkdtempSync(path.join(os.tmpdir(), `replay-${target.name}-`));
  try {
    copyContext(files, build, ctx);
    fs.symlinkSync(path.join(files.root, 'node_modules'), path.join(ctx, 'node_modules'));
    for (const step of build.instructions.filter(
      (i) => i.keyword === 'RUN' && !/npm ci\b/.test(i.args),
    )) {
      // The build writes to an absolute path (/out); here it goes inside the copy.
      const command = step.args
        .replace(/^(--mount=\S+\s+)+/, '')
        .replace(new RegExp(`(^|\\s)${outDir}(?=[\\s/]|$)`, 'g'), `$1${path.join(ctx, outDir)}`);
      const r = run('sh', ['-c', command], ctx, 300_000);
      if (r.status !== 0) return fail(`RUN ${step.args} failed:\n${r.output.slice(-2000)}`);
    }
    const cmd = JSON.parse(
      runtime.instructions.filter((i) => i.keyword === 'CMD').pop()?.args ?? '[]',
    ) as string[];
    const started = run(cmd[0], cmd.slice(1), path.join(ctx, outDir), 30_000);
    if (
      /Cannot find module|MODULE_NOT_FOUND|SyntaxError|is not a constructor/.test(started.output)
    ) {
      return fail(`${cmd.join(' ')}:\n${started.output.slice(-2000)}`);
    }
    if (!/ECONNREFUSED|fetch failed/.test(started.output)) {
      return fail(`${cmd.join(' ')} never reached a connection:\n${started.output.slice(-2000)}`);
    }
    return {
      target: target.name,
      ok: true,
      detail: `${cmd.join(' ')} ran up to its first connection`,
    };
  } finally {
    fs.rmSync(ctx, { recursive: true, force: true });
  }
}
