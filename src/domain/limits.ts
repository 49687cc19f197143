// Limits on what is imported or typed: the length of each kind of text field, the size of input files, the
// nesting of a portfolio, and the characters a text may hold. One table, applied by every import and every setter.

/** A kind of text field and its rules. */
export interface FieldRule {
  /** Longest value accepted, in characters. */
  max: number;
  /** Whether line breaks are part of the value (comments, objectives, portfolio texts). */
  multiline: boolean;
}

/** The limits, by kind of field. Documented in the README (« Limites »). */
export const FIELD_LIMITS = {
  /** Names of people, classes and periods; INE. */
  name: { max: 100, multiline: false },
  /** E-mail addresses (RFC 5321). */
  email: { max: 254, multiline: false },
  /** Company fields (name, city, sector, phone), tutor's role. */
  company: { max: 200, multiline: false },
  /** A postal address, which a spreadsheet cell may hold on two lines. */
  address: { max: 200, multiline: true },
  /** One objective of a liaison sheet. */
  objective: { max: 500, multiline: false },
  /** A whole list of objectives in one cell of an annex. */
  objectives: { max: 5_000, multiline: true },
  /** Comments and bilan texts (points forts, axes de progrès…). */
  comment: { max: 5_000, multiline: true },
  /** One text of a portfolio (activities, description of a repair…). */
  portfolioText: { max: 10_000, multiline: true },
  /** Any other cell of an import. */
  other: { max: 1_000, multiline: false },
} satisfies Record<string, FieldRule>;
export type FieldKind = keyof typeof FIELD_LIMITS;

/** Input files larger than this are refused before they are read. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;
export const MAX_YAML_BYTES = 2 * 1024 * 1024;
export const MAX_JSON_BYTES = 2 * 1024 * 1024;
/** Deepest nesting of lists and keys accepted in a portfolio (its model needs 4). */
export const MAX_YAML_DEPTH = 16;

/** C0 and C1 control characters and DEL, other than tab, line feed and carriage return. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_BREAK = /[\r\n\u2028\u2029]/;

/** "U+001B (échappement)": how a refused character is named. */
export function describeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  const names: Record<number, string> = { 0: 'caractère nul', 0x1b: 'échappement', 0x7f: 'suppression', 0x0a: 'retour à la ligne', 0x0d: 'retour chariot' };
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex}${names[code] ? ` (${names[code]})` : ''}`;
}

/**
 * Why a value is refused for a field of that kind, in French; null when it is accepted. Control characters are
 * refused (they could rewrite a terminal or a document), line breaks too where the field is one line.
 */
export function textProblem(value: string, kind: FieldKind | FieldRule): string | null {
  const rule = typeof kind === 'string' ? FIELD_LIMITS[kind] : kind;
  const bad = CONTROL.exec(value);
  if (bad) return `caractère de contrôle interdit ${describeChar(bad[0])} en position ${bad.index + 1}`;
  if (!rule.multiline) {
    const br = LINE_BREAK.exec(value);
    if (br) return `retour à la ligne interdit dans ce champ (sur une seule ligne)`;
  }
  // Counted in code points, as a teacher counts characters (an emoji is one), without copying a huge value.
  if (value.length > rule.max) {
    const n = codePoints(value);
    if (n > rule.max) return `texte trop long (${n} caractères, ${rule.max} au plus)`;
  }
  return null;
}

function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff) n--;
  }
  return n;
}

/**
 * The nesting depth of a YAML text, estimated without parsing it: the deepest of flow brackets ([ {) and of
 * indentation (in steps of one space, an upper bound). Linear in the text and stops as soon as `limit` is passed.
 */
export function yamlDepthExceeds(text: string, limit: number): { line: number } | null {
  let depth = 0;
  let line = 1;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      continue;
    }
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") {
      // A quote opens a string only at the start of a value, not inside a word (l'entreprise).
      const prev = text[i - 1];
      if (prev === undefined || prev === ' ' || prev === '[' || prev === '{' || prev === ',' || prev === ':' || prev === '\n') quote = ch;
      continue;
    }
    if (ch === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\n')) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (ch === '[' || ch === '{') {
      if (++depth > limit) return { line };
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  // Indentation: a block nesting needs at least one more space per level, and "- " items two.
  line = 1;
  let start = 0;
  const levels: number[] = [];
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text[i] !== '\n') continue;
    let indent = 0;
    while (start + indent < i && (text[start + indent] === ' ' || text[start + indent] === '-')) indent++;
    const blank = start + indent >= i || text[start + indent] === '#' || text[start + indent] === '\r';
    if (!blank) {
      while (levels.length && levels[levels.length - 1] >= indent) levels.pop();
      levels.push(indent);
      if (levels.length > limit + 1) return { line };
    }
    start = i + 1;
    line++;
  }
  return null;
}

/** The kind of each import column, by its key (the same key in every importer); any other column is `other`. */
const COLUMN_KINDS: Record<string, FieldKind> = {
  lastName: 'name', firstName: 'name', tutorLastName: 'name', tutorFirstName: 'name', period: 'name', class: 'name', ine: 'name',
  email: 'email', tutorEmail: 'email',
  companyName: 'company', companyCity: 'company', companySector: 'company', companyPhone: 'company',
  companyPostalCode: 'company', tutorPhone: 'company', tutorRole: 'company',
  companyAddress: 'address',
  objectives: 'objectives',
  comment: 'comment', strengths: 'comment', improvements: 'comment', perspectives: 'comment',
};

/** The rule of an import column. */
export function columnRule(key: string): FieldRule {
  return FIELD_LIMITS[COLUMN_KINDS[key] ?? 'other'];
}
