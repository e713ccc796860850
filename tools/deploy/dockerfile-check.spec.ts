import { checkDockerfile, parseDockerfile } from './dockerfile-check';

const good = `# syntax=docker/dockerfile:1
ARG NODE_IMAGE=node:24-bookworm-slim
FROM \${NODE_IMAGE} AS deps
RUN npm ci --omit=dev --ignore-scripts
FROM \${NODE_IMAGE} AS build
RUN npm ci && npx tsc -p x \\
 && node finish.mjs
FROM \${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \\
    PORT=3001
COPY --from=deps /app/node_modules ./node_modules
USER node
EXPOSE 3001
HEALTHCHECK --interval=10s CMD ["node", "-e", "fetch('http://127.0.0.1:3001/health/live')"]
CMD ["node", "main.js"]
`;

const messages = (text: string) =>
  checkDockerfile(text, 'x.Dockerfile', 'service').findings.all.map((f) => f.message);

describe('checkDockerfile', () => {
  it('parses stages, build args and continuations', () => {
    const doc = parseDockerfile(good);
    expect(doc.stages.map((s) => `${s.name}:${s.image}`)).toEqual([
      'deps:node:24-bookworm-slim',
      'build:node:24-bookworm-slim',
      'runtime:node:24-bookworm-slim',
    ]);
    expect(doc.stages[1].instructions[0].args).toBe('npm ci && npx tsc -p x && node finish.mjs');
  });

  it('accepts a multi-stage, non-root, health-checked service image', () => {
    expect(messages(good)).toEqual([]);
    expect(checkDockerfile(good, 'x', 'service').port).toBe(3001);
  });

  it.each([
    ['USER node', 'USER 0', 'the runtime stage runs as root (USER 0)'],
    ['EXPOSE 3001', 'EXPOSE 3001 9229', 'expected exactly one EXPOSE port, found 2'],
    [
      '--omit=dev ',
      '',
      'the runtime stage must copy node_modules from a stage that runs `npm ci --omit=dev`',
    ],
    ['/health/live', '/metrics', 'the HEALTHCHECK does not probe /health/live'],
    [
      'CMD ["node", "main.js"]',
      'CMD npm start',
      'CMD must be exec form starting with "node", so SIGTERM reaches the app, not a shell',
    ],
    [
      'node:24-bookworm-slim',
      'node:20-bookworm-slim',
      'the runtime stage is node:20-bookworm-slim, not Node 24 slim (the pinned runtime)',
    ],
    ['AS build', '', 'FROM node:24-bookworm-slim has no "AS <stage>"'],
  ])('refuses %s replaced by %s', (from, to, message) => {
    expect(messages(good.replace(from, to))).toContain(message);
  });
});
