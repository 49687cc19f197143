// Text normalisation shared by matching rules (headers, names, kinds).

/** NFC form, trimmed, inner whitespace collapsed: how every stored name is kept. */
export function cleanText(s: string): string {
  return collapseSpaces(s.normalize('NFC'));
}

/** cleanText for text already in NFC (a decoded import file): whitespace only. */
export function collapseSpaces(s: string): string {
  return /\s\s|[^\S ]/.test(s) ? s.replace(/\s+/g, ' ').trim() : s.trim();
}

/** Lower case without accents or punctuation: "Date de début" and "DATE_DEBUT" give the same key. */
export function matchKey(s: string): string {
  // Each non-ASCII character is folded once and remembered: names carry few of them, and imports match many.
  return s.replace(/[^\x00-\x7f]/g, foldChar).toLowerCase().replace(/[^a-z0-9]+/g, '');
}

const folded = new Map<string, string>();
/** One character without its accents ("é" → "e", "Œ" → "OE", "ễ" → "e"); '' for what has no Latin base. */
function foldChar(ch: string): string {
  let f = folded.get(ch);
  if (f === undefined) {
    f = ch
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/œ/g, 'oe')
      .replace(/Œ/g, 'OE')
      .replace(/æ/g, 'ae')
      .replace(/Æ/g, 'AE')
      .replace(/đ/g, 'd') // Vietnamese Đ is a letter of its own for Unicode, not D with an accent
      .replace(/Đ/g, 'D');
    folded.set(ch, f);
  }
  return f;
}

/** How people type names: case, accents, apostrophes, hyphens and spaces ignored ("ndiaye" is N'DIAYE,
 * "joao" is JOÃO, "jean pierre" is Jean-Pierre). */
export function nameKey(s: string): string {
  return matchKey(s);
}

/** Whether what someone typed names this person, as "NOM Prénom" or "Prénom NOM". */
export function namesPerson(typed: string, person: { lastName: string; firstName: string }): boolean {
  const t = nameKey(typed);
  return t !== '' && (t === nameKey(person.lastName + person.firstName) || t === nameKey(person.firstName + person.lastName));
}

/** Like matchKey but keeps word boundaries as single spaces ("NOM Prénom" matching). */
export function looseWords(s: string): string {
  return s
    .replace(/đ/gi, 'd')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const STOP_WORDS = new Set(['de', 'du', 'des', 'd', 'la', 'le', 'les', 'l', 'a', 'au', 'aux', 'en']);

/** Column-name key: like matchKey, but French articles and prepositions are dropped too, so that
 * "DATE DEBUT", "Date de début" and "date_debut" are one column. */
export function headerKey(s: string): string {
  const words = looseWords(s.replace(/œ/gi, 'oe')).split(' ').filter((w) => w && !STOP_WORDS.has(w));
  return words.join('');
}

/** A French (or English) yes/no answer: « o », « oui », « n », « non » (y, yes, no too), any case; an empty
 * answer is the default; undefined for anything else. */
export function parseYesNo(answer: string, byDefault: boolean): boolean | undefined {
  const a = answer.trim().toLowerCase();
  if (a === '') return byDefault;
  if (['o', 'oui', 'y', 'yes'].includes(a)) return true;
  if (['n', 'non', 'no'].includes(a)) return false;
  return undefined;
}

/**
 * "de Paul", "d'Inès", "d'Yves", "de Yanis": the French preposition before a name, elided before a vowel sound
 * (a Y followed by a vowel is a consonant: « de Yanis », « de Yasmine »; followed by a consonant it is a vowel).
 */
export function deName(name: string): string {
  const n = name.trim();
  // Elision before a mute H too (« d'Hugo », « d'Herbert »), the common case for first names.
  const vowel = /^[aeiouhàâäéèêëîïôöûüùœæ]/i.test(n) || /^y[^aeiouyàâäéèêëîïôöûüù]/i.test(n);
  return vowel ? `d'${n}` : `de ${n}`;
}
/** "1 semaine", "3 semaines": a count with its words in the right number (in French 0 and 1 take the singular). */
export const plural = (n: number, one: string, many = one + 's') => `${n} ${agree(n, one, many)}`;

/** The words alone in the number of `n`: « déjà évalué » / « déjà évalués ». */
export const agree = (n: number, one: string, many = one + 's') => (n > 1 ? many : one);
