import { serviceMemoryEnv, serviceMemoryFlags } from './node-memory';

describe('the node memory flags of a supervised service', () => {
  it('caps the old generation at 96 MB and the young one at 4 MB by default', () => {
    expect(serviceMemoryFlags({})).toEqual(['--max-old-space-size=96', '--max-semi-space-size=4']);
  });

  it('takes other sizes from the environment', () => {
    expect(
      serviceMemoryFlags({ LOGISYNC_SERVICE_HEAP_MB: '160', LOGISYNC_SERVICE_SEMI_SPACE_MB: '8' }),
    ).toEqual(['--max-old-space-size=160', '--max-semi-space-size=8']);
  });

  it('leaves a size to node when it is 0', () => {
    expect(serviceMemoryFlags({ LOGISYNC_SERVICE_HEAP_MB: '0' })).toEqual([
      '--max-semi-space-size=4',
    ]);
    expect(
      serviceMemoryFlags({ LOGISYNC_SERVICE_HEAP_MB: '0', LOGISYNC_SERVICE_SEMI_SPACE_MB: '0' }),
    ).toEqual([]);
  });

  it.each(['64.5', 'lots', '8', '-96'])(
    'refuses LOGISYNC_SERVICE_HEAP_MB=%s and says why',
    (raw) => {
      expect(() => serviceMemoryFlags({ LOGISYNC_SERVICE_HEAP_MB: raw })).toThrow(
        `LOGISYNC_SERVICE_HEAP_MB must be 0 (node's own default) or a whole number of megabytes >= 16, not "${raw}"`,
      );
    },
  );

  it('refuses a fractional semi-space', () => {
    expect(() => serviceMemoryFlags({ LOGISYNC_SERVICE_SEMI_SPACE_MB: '0.5' })).toThrow(
      /LOGISYNC_SERVICE_SEMI_SPACE_MB must be 0 .* >= 1, not "0.5"/,
    );
  });
});

describe('the memory environment of a supervised service', () => {
  it('caps glibc malloc arenas at 2 unless the environment says otherwise', () => {
    expect(serviceMemoryEnv({})).toEqual({ MALLOC_ARENA_MAX: '2' });
    expect(serviceMemoryEnv({ MALLOC_ARENA_MAX: '4' })).toEqual({ MALLOC_ARENA_MAX: '4' });
  });
});
