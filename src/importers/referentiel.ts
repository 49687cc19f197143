// A référentiel JSON file: parse → schema (templates/referentiels/referentiel.schema.json) → unique codes.
// Every problem names the field as the user finds it in the file ("blocks[1].tasks[0].code").
import { readFileSync, statSync } from 'node:fs';
import { FIELD_LIMITS, MAX_JSON_BYTES, textProblem } from '../domain/limits.js';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { TEMPLATES_DIR } from '../paths.js';
import { DataErrors, UserError } from '../domain/errors.js';
import { duplicateCodeProblems, type FieldProblem } from '../domain/referentiel-codes.js';
import type { Referentiel } from '../domain/referentiel.js';
import { plural } from '../domain/text.js';

export const REFERENTIEL_SCHEMA = join(TEMPLATES_DIR, 'referentiels', 'referentiel.schema.json');

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(REFERENTIEL_SCHEMA, 'utf8'));
    // ajv is loaded on first use only: `cpro --help` and every other command stay fast.
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    compiled = new Ajv({ allErrors: true, strict: true, verbose: true }).compile(schema);
  }
  return compiled;
}

/** Checks parsed JSON against the schema and the unique-code rule; returns every problem (none: valid). */
export function referentielProblems(data: unknown): FieldProblem[] {
  const validate = validator();
  const problems = validate(data) ? [] : frenchProblems(validate.errors ?? []);
  if (data && typeof data === 'object' && !Array.isArray(data)) problems.push(...duplicateCodeProblems(data as Referentiel));
  return problems;
}

/** Reads and validates a référentiel file; throws DataErrors naming each bad field, or a UserError. */
export function readReferentielFile(path: string): Referentiel {
  let text: string;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UserError(`${path} est un dossier, pas un fichier JSON.`);
    if (!st.isFile()) throw new UserError(`${path} n'est pas un fichier ordinaire (périphérique, tube…) : un fichier JSON est attendu.`);
    if (st.size > MAX_JSON_BYTES) throw new UserError(`${path} : fichier trop gros (${MAX_JSON_BYTES / 1024 / 1024} Mo au plus pour un référentiel).`);
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`fichier introuvable ou illisible : ${path}`);
  }
  const data = parseJson(text, path);
  const problems = [...textProblems(data, ''), ...referentielProblems(data)];
  if (problems.length) {
    throw new DataErrors(
      problems.map((p) => ({ file: path, message: `${p.path} : ${p.message}` })),
      `référentiel invalide (${plural(problems.length, 'erreur')}) : rien n'a été enregistré.`,
    );
  }
  return data as Referentiel;
}

/** Every string of the file (keys included) against the text rule: control characters, length. */
function textProblems(v: unknown, at: string, out: FieldProblem[] = []): FieldProblem[] {
  if (out.length >= 100) return out;
  if (typeof v === 'string') {
    const problem = textProblem(v, FIELD_LIMITS.comment);
    if (problem) out.push({ path: at || '(racine)', message: problem });
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => textProblems(x, `${at}[${i}]`, out));
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const problem = textProblem(k, FIELD_LIMITS.other);
      const name = `${at ? `${at}.` : ''}${k}`;
      if (problem) out.push({ path: name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'), message: `clé refusée : ${problem}` });
      textProblems(x, name, out);
    }
  }
  return out;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = '';
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      const column = Number(pos[1]) - before.lastIndexOf('\n');
      where = `, ligne ${line}, colonne ${column}`;
    }
    throw new UserError(`${path}${where} : JSON invalide (${msg}) ; rien n'a été enregistré.`);
  }
}

const TYPES: Record<string, string> = {
  string: 'une chaîne de caractères',
  number: 'un nombre',
  integer: 'un entier',
  boolean: 'un booléen (true ou false)',
  array: 'une liste [ … ]',
  object: 'un objet { … }',
  null: 'null',
};

/** "/blocks/1/tasks/0" → "blocks[1].tasks[0]". */
export function fieldPath(instancePath: string, property?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (property !== undefined) parts.push(property);
  let s = '';
  for (const p of parts) s += /^\d+$/.test(p) ? `[${p}]` : s ? `.${p}` : p;
  return s || '(racine du fichier)';
}

function frenchProblems(errors: ErrorObject[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const p = e.params as Record<string, unknown>;
    let path = fieldPath(e.instancePath);
    let message: string;
    switch (e.keyword) {
      case 'required':
        path = fieldPath(e.instancePath, String(p.missingProperty));
        message = 'valeur obligatoire manquante';
        break;
      case 'additionalProperties':
        path = fieldPath(e.instancePath, String(p.additionalProperty));
        message = 'champ inconnu (vérifiez son orthographe)';
        break;
      case 'type':
        message = `doit être ${String(p.type).split(',').map((t) => TYPES[t] ?? t).join(' ou ')}`;
        break;
      case 'minItems':
        message = Number(p.limit) === 1 ? 'la liste ne doit pas être vide' : `doit contenir au moins ${p.limit} éléments`;
        break;
      case 'minLength':
        message = 'ne doit pas être vide';
        break;
      case 'maxLength':
        message = `trop long (${p.limit} caractères au plus)`;
        break;
      case 'pattern':
        message = /code$/.test(path)
          ? `code invalide ${quoted(e.data)} (majuscules, chiffres, « . », « _ » ou « - », sans espace)`
          : 'ne doit pas être vide';
        break;
      default:
        message = e.message ?? 'valeur invalide';
    }
    const key = `${path}\0${message}`;
    // minLength and pattern both reject an empty title: say it once.
    if (seen.has(key) || (e.keyword === 'pattern' && seen.has(`${path}\0ne doit pas être vide`))) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

function quoted(v: unknown): string {
  return `« ${typeof v === 'string' ? v : JSON.stringify(v)} »`;
}
