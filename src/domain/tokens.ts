// Tutor access tokens: generation, hashing, constant-time comparison, expiry and status. No storage, no clock.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A link is valid this many days after it was issued (user guide: « valable 180 jours »). */
export const TOKEN_VALIDITY_DAYS = 180;

/** Random bytes per token: 256 bits, well above the 128 required; 43 base64url characters. */
export const TOKEN_BYTES = 32;

/**
 * Every token starts with this letter, so that none starts with « - »: base64url draws « - » first one time in 64,
 * and a command line (`cpro tutors verify <jeton>`) would take such a token for an option.
 */
export const TOKEN_PREFIX = 'c';

/** A source of cryptographic random bytes; injectable so tests can produce known tokens. */
export type RandomSource = (size: number) => Uint8Array;

/** A fresh URL-safe token that never starts with « - ». The source must return at least 16 bytes' worth of entropy. */
export function newToken(random: RandomSource = randomBytes): string {
  const bytes = random(TOKEN_BYTES);
  if (bytes.length < 16) throw new Error('token random source returned fewer than 16 bytes');
  return TOKEN_PREFIX + Buffer.from(bytes).toString('base64url');
}

/** What a well-formed token looks like (tokens issued before the prefix included); anything else is rejected before any lookup. */
export function isWellFormedToken(s: string): boolean {
  return /^[A-Za-z0-9_-]{22,128}$/.test(s);
}

/** The only form in which a token is stored: hex SHA-256. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two hex hashes in constant time (a wrong length is simply unequal). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** Whether `token` is the one whose hash is `storedHash`, in constant time. */
export function tokenMatches(token: string, storedHash: string): boolean {
  return sameHash(hashToken(token), storedHash);
}

/** When a token issued at `issuedAt` stops being valid. */
export function expiryOf(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + TOKEN_VALIDITY_DAYS * 86_400_000);
}

export type TokenStatus = 'valid' | 'expired' | 'revoked' | 'superseded';

/** The timestamps that decide a token's status (ISO strings, as stored). */
export interface TokenTimes {
  issuedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  supersededAt: string | null;
}

/**
 * A token's status at `now`. Revocation and replacement win over expiry: they are what the teacher did,
 * and a revoked link must never read as merely expired.
 */
export function tokenStatus(t: TokenTimes, now: Date): TokenStatus {
  if (t.revokedAt !== null) return 'revoked';
  if (t.supersededAt !== null) return 'superseded';
  if (now.getTime() >= Date.parse(t.expiresAt)) return 'expired';
  return 'valid';
}
