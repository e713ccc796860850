import { uuidKey, uuidKeys } from './uuid-key';

describe('uuid keys', () => {
  it('gives the form a uuid column returns for every form it accepts', () => {
    const key = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
    for (const form of [
      key,
      key.toUpperCase(),
      `{${key}}`,
      'a0eebc999c0b4ef8bb6d6bb9bd380a11',
      'a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11',
    ]) {
      expect(uuidKey(form)).toBe(key);
    }
  });

  it('refuses what the column refuses', () => {
    for (const id of [
      '',
      'order-1',
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1',
      '{a0eebc999c0b4ef8bb6d6bb9bd380a11',
      'a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11',
    ]) {
      expect(uuidKey(id)).toBeNull();
    }
    expect(
      uuidKeys([
        'x',
        'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
        'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      ]),
    ).toEqual(['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11']);
  });
});
