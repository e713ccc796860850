# syntax=docker/dockerfile:1
# billing-service. Build from the repository root:
#   docker build -f deploy/docker/billing-service.Dockerfile -t logisync/billing-service .
# Stages: deps (production node_modules), build (tsc with decorator metadata), runtime.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# No install script is needed at run time (allowScripts only approves @swc/core and esbuild,
# both dev dependencies), so none runs.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json ./
COPY deploy/docker/finish-build.mjs deploy/docker/
COPY libs/ libs/
COPY apps/billing-service/ apps/billing-service/
# tsc, not SWC: emitDecoratorMetadata (tsconfig.base.json) is what Nest and TypeORM inject by.
RUN npx tsc -p apps/billing-service/tsconfig.build.json --outDir /out \
 && node deploy/docker/finish-build.mjs /out apps/billing-service/src

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3004
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /out/ ./
# The image's unprivileged user (uid 1000); the code stays owned by root, so read-only to it.
USER node
EXPOSE 3004
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and exec'd directly (no npm, no shell), so SIGTERM reaches it; the app's
# enableShutdownHooks() closes HTTP, the consumer and the outbox relay before exiting.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "apps/billing-service/src/main.js"]
