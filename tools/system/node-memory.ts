/**
 * The V8 heap sizes of the services the supervisor starts. Measured on this 2-core machine
 * (docs/performance.md, "memory"): without limits a service grows to 175-232 MiB RSS under the
 * benchmark; a 4 MB young generation (node's default is 16 MB per semi-space) brings that to
 * 150-183 MiB, and an old generation capped at 96 MB to 137-147 MiB, with the same throughput.
 * At 64 MB the services collect garbage without end: the live heap under load is near 64 MB.
 */
const SERVICE_MEMORY_DEFAULTS = { heapMb: 96, semiSpaceMb: 4 } as const;

type Env = Readonly<Record<string, string | undefined>>;

function megabytes(env: Env, name: string, fallback: number, minimum: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const mb = Number(raw);
  if (!Number.isInteger(mb) || (mb !== 0 && mb < minimum)) {
    throw new Error(
      `${name} must be 0 (node's own default) or a whole number of megabytes >= ${minimum}, not "${raw}"`,
    );
  }
  return mb;
}

/**
 * node flags for a service: LOGISYNC_SERVICE_HEAP_MB caps the old generation
 * (--max-old-space-size, default 96) and LOGISYNC_SERVICE_SEMI_SPACE_MB the young one
 * (--max-semi-space-size, default 4); 0 leaves either to node.
 */
export function serviceMemoryFlags(env: Env): string[] {
  const heapMb = megabytes(env, 'LOGISYNC_SERVICE_HEAP_MB', SERVICE_MEMORY_DEFAULTS.heapMb, 16);
  const semiSpaceMb = megabytes(
    env,
    'LOGISYNC_SERVICE_SEMI_SPACE_MB',
    SERVICE_MEMORY_DEFAULTS.semiSpaceMb,
    1,
  );
  return [
    ...(heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : []),
    ...(semiSpaceMb > 0 ? [`--max-semi-space-size=${semiSpaceMb}`] : []),
  ];
}

/**
 * Environment for a service: glibc malloc arenas capped at 2 (MALLOC_ARENA_MAX; glibc allows 8
 * per core, and each thread of libuv's pool and of V8 may hold one), unless the environment sets
 * its own. Measured: 8-12 MiB less RSS per process under the benchmark.
 */
export function serviceMemoryEnv(env: Env): Record<string, string> {
  return { MALLOC_ARENA_MAX: env['MALLOC_ARENA_MAX'] || '2' };
}
