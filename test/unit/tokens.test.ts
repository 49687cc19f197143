import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  TOKEN_VALIDITY_DAYS, expiryOf, hashToken, isWellFormedToken, newToken, sameHash, tokenMatches, tokenStatus,
} from '../../src/domain/tokens.js';

describe('access tokens', () => {
  it('are at least 128 bits of randomness, URL-safe', () => {
    const t = newToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(t, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(isWellFormedToken(t)).toBe(true);
    expect(new Set(Array.from({ length: 200 }, () => newToken())).size).toBe(200);
  });

  it('come from the injected random source, and refuse a short one', () => {
    const fixed = (n: number) => new Uint8Array(n).fill(0xff);
    expect(newToken(fixed)).toBe('c' + Buffer.alloc(32, 0xff).toString('base64url'));
    expect(() => newToken(() => new Uint8Array(8))).toThrow(/16 bytes/);
  });

  it('never start with « - », which a command line would take for an option', () => {
    // 0xf8 encodes to « -- » in base64url: without the prefix this token would start with a dash.
    const dashFirst = (n: number) => new Uint8Array(n).fill(0xf8);
    expect(Buffer.alloc(32, 0xf8).toString('base64url').startsWith('-')).toBe(true);
    const t = newToken(dashFirst);
    expect(t.startsWith('-')).toBe(false);
    expect(isWellFormedToken(t)).toBe(true);
    for (let i = 0; i < 2000; i++) expect(newToken().startsWith('-')).toBe(false);
  });

  it('are stored as a SHA-256 hash and compared in constant time', () => {
    const t = newToken();
    const h = hashToken(t);
    expect(h).toBe(createHash('sha256').update(t).digest('hex'));
    expect(h).not.toContain(t);
    expect(tokenMatches(t, h)).toBe(true);
    expect(tokenMatches(t + 'x', h)).toBe(false);
    expect(sameHash(h, h.slice(0, 10))).toBe(false);
    expect(sameHash('', '')).toBe(false);
  });

  it('rejects malformed tokens before any lookup', () => {
    for (const bad of ['', 'abc', 'a'.repeat(200), 'has space aaaaaaaaaaaaaaaaaaaa', "x'; DROP TABLE--aaaaaaaaaaa"]) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
  });

  it('expire 180 days after issue, to the millisecond', () => {
    const issued = new Date('2025-03-01T09:00:00.000Z');
    const expires = expiryOf(issued);
    expect(TOKEN_VALIDITY_DAYS).toBe(180);
    expect(expires.toISOString()).toBe('2025-08-28T09:00:00.000Z');
    const t = { issuedAt: issued.toISOString(), expiresAt: expires.toISOString(), revokedAt: null, supersededAt: null };
    expect(tokenStatus(t, new Date(expires.getTime() - 1))).toBe('valid');
    expect(tokenStatus(t, expires)).toBe('expired');
    expect(tokenStatus(t, new Date('2026-01-01T00:00:00Z'))).toBe('expired');
  });

  it('revocation and replacement win over expiry and over the clock', () => {
    const base = { issuedAt: '2025-03-01T09:00:00.000Z', expiresAt: '2025-08-28T09:00:00.000Z' };
    const early = new Date('2025-03-02T00:00:00Z');
    expect(tokenStatus({ ...base, revokedAt: '2025-04-01T00:00:00.000Z', supersededAt: null }, early)).toBe('revoked');
    expect(tokenStatus({ ...base, revokedAt: null, supersededAt: '2025-04-01T00:00:00.000Z' }, early)).toBe('superseded');
    expect(tokenStatus({ ...base, revokedAt: '2025-04-01T00:00:00.000Z', supersededAt: null }, new Date('2030-01-01'))).toBe('revoked');
  });
});
