// Validation and normalisation of the values a teacher types or imports (French formats).
import { matchKey } from './text.js';
import type { LearnerStatus } from './model.js';

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[a-z]{2,}$/i;

export function isValidEmail(s: string): boolean {
  return EMAIL.test(s.trim());
}

/**
 * Normalises a French phone number to "01 23 45 67 89"; accepts spaces, dots, dashes and +33 / 0033.
 * Returns null when it is not a French number.
 */
export function normalisePhone(input: string): string | null {
  let digits = input.replace(/[\s.\-()\/]/g, '');
  if (digits.startsWith('+33')) digits = '0' + digits.slice(3);
  else if (digits.startsWith('0033')) digits = '0' + digits.slice(4);
  digits = digits.replace(/^0(\d{9})$/, '0$1').replace(/^0\(0\)/, '0');
  if (!/^0[1-9]\d{8}$/.test(digits)) return null;
  return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/** 14 digits whose Luhn key is right (La Poste's establishments, SIREN 356000000, sum their digits instead). */
export function isValidSiret(s: string): boolean {
  if (!/^\d{14}$/.test(s)) return false;
  if (s.startsWith('356000000')) return [...s].reduce((a, d) => a + Number(d), 0) % 5 === 0;
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = Number(s[13 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** "73282932000074" → "732 829 320 00074". */
export function formatSiret(s: string): string {
  return /^\d{14}$/.test(s) ? `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6, 9)} ${s.slice(9)}` : s;
}

export function isValidPostalCode(s: string): boolean {
  return /^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$/.test(s.trim());
}

/** "Scolaire", "élève", "Apprenti(e)"… → the stored status; null when unknown. */
export function parseStatus(input: string): LearnerStatus | null {
  const k = matchKey(input);
  if (['scolaire', 'eleve', 'statutscolaire', 'pfmp'].includes(k)) return 'Scolaire';
  if (['apprenti', 'apprentie', 'apprentissage', 'statutapprenti'].includes(k)) return 'Apprenti';
  return null;
}

/** INE as stored: upper case, no spaces. */
export function normaliseIne(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}
