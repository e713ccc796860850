# syntax=docker/dockerfile:1
# The one-shot job that registers every schema version (FULL_TRANSITIVE) and creates the
# catalogue's topics: `npm run schemas:register` then `npm run topics:ensure`, compiled.
#   docker build -f deploy/docker/schemas-topics.Dockerfile -t logisync/schemas-topics .
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json ./
COPY deploy/docker/ deploy/docker/
COPY libs/ libs/
COPY tools/registry/ tools/registry/
COPY tools/topics/ tools/topics/
RUN npx tsc -p deploy/docker/tsconfig.jobs.json --outDir /out \
 && node deploy/docker/finish-build.mjs /out

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /out/ ./
USER node
# A job, not a server: nothing to expose or probe; the exit code is the health.
HEALTHCHECK NONE
# Registration first: topics without their schemas would accept nothing. The ensure step exits
# 1 on drift (a live topic differing from the catalogue) and never alters a live topic. They
# read SCHEMA_REGISTRY_URL, KAFKA_BROKERS and KAFKA_REPLICATION_FACTOR between them.
CMD ["sh", "-c", "node tools/registry/register.js && node tools/topics/ensure-topics.js"]
