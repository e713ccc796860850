import { scopeGranted } from './scopes';

describe('scopeGranted', () => {
  it('grants exact scopes and nothing else', () => {
    expect(scopeGranted(['orders:read'], 'orders:read')).toBe(true);
    expect(scopeGranted(['orders:read'], 'orders:write')).toBe(false);
    expect(scopeGranted(['orders:read'], 'billing:read')).toBe(false);
    expect(scopeGranted([], 'orders:read')).toBe(false);
  });

  it('lets resource:* cover every item of the resource, and only that resource', () => {
    expect(scopeGranted(['carrier:*'], 'carrier:C1')).toBe(true);
    expect(scopeGranted(['carrier:*'], 'carriers:C1')).toBe(false);
    expect(scopeGranted(['carrier:*'], 'transport:operate')).toBe(false);
  });

  it('lets a route needing resource:* accept any grant on the resource (the handler checks the item)', () => {
    expect(scopeGranted(['carrier:C1'], 'carrier:*')).toBe(true);
    expect(scopeGranted(['carrier:C1'], 'carrier:C2')).toBe(false);
    expect(scopeGranted(['orders:read'], 'carrier:*')).toBe(false);
  });

  it('lets * cover everything', () => {
    expect(scopeGranted(['*'], 'ops:admin')).toBe(true);
  });
});
