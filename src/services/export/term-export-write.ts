// Writing an end-of-term export: CSV files for Excel and LibreOffice, one JSON document, or a zip of the CSV files
// and every printed document of the periods. Everything written readable by its owner only.
import { createWriteStream, existsSync, lstatSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import { csvDocument, type CsvValue } from '../../domain/csv-safety.js';
import { UserError } from '../../domain/errors.js';
import { safeFileName } from '../../domain/filenames.js';
import { checkTarget, commitPrivateFile, createPrivateTemp, ensurePrivateDir, periodDocumentsDir, writePrivateFile } from '../shared/private-fs.js';
import type { Cell, Column, Subject, TermExport } from './term-export.js';

export type ExportFormat = 'csv' | 'json' | 'zip';

export interface ExportReport {
  scope: TermExport['scope'];
  format: ExportFormat;
  /** The folder (csv) or file (json, zip) written. */
  path: string;
  subjects: Array<{ id: string; file: string; rows: number }>;
  /** Printed documents put in the zip. */
  documents: number;
  /** Symbolic links (and other non-regular files) found among the documents and left out of the zip. */
  skipped: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2025-06-27T14:03:00.000Z" → "2025-06-27 16:03" in local time. */
function localInstant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function cellValue(value: Cell, c: Column): CsvValue {
  if (Array.isArray(value)) return value.join(c.join ?? '\n');
  if (c.instant && typeof value === 'string') return localInstant(value);
  if (c.decimal && typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', ',') : null;
  return value;
}

/** One subject as a CSV document: BOM, `;`, CRLF, formula-like cells neutralised (domain/csv-safety.ts). */
export function subjectCsv(s: Subject): string {
  return csvDocument(
    s.columns.map((c) => c.label),
    s.rows.map((r) => s.columns.map((c) => cellValue(r[c.key] ?? null, c))),
  );
}

/** The export as one JSON document: the same rows, lists kept as arrays. */
export function exportJson(data: TermExport): string {
  const doc: Record<string, unknown> = { scope: data.scope, generatedAt: data.generatedAt };
  for (const s of data.subjects) doc[s.id] = s.rows;
  return JSON.stringify(doc, null, 2) + '\n';
}

/** "Export 2MSPC1 PFMP 2", or "Export 2MSPC1" for a class. */
export function exportBaseName(data: TermExport): string {
  return safeFileName(['Export', data.scope.class, data.scope.period].filter(Boolean).join(' '));
}

/**
 * Every regular file under a folder, as [path, path relative to the folder with `/`]. Links are never followed
 * (one could pull another store or the outbox's live access links into the zip, or loop): they and any other
 * non-regular file are listed in `skipped` instead.
 */
function filesUnder(dir: string, skipped: string[]): Array<[string, string]> {
  let top;
  try {
    top = lstatSync(dir);
  } catch {
    return [];
  }
  if (top.isSymbolicLink()) {
    skipped.push(dir);
    return [];
  }
  if (!top.isDirectory()) return [];
  const out: Array<[string, string]> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push([p, relative(dir, p).split(sep).join('/')]);
      else skipped.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Where a single-file export goes: --out as given, inside --out when it is a folder, else exports/<name>. */
function targetFile(out: string | undefined, cwd: string, base: string, ext: string): string {
  if (!out) return join(cwd, 'exports', `${base}.${ext}`);
  const p = resolve(cwd, out);
  if (existsSync(p) && statSync(p).isDirectory()) return join(p, `${base}.${ext}`);
  return extname(p) ? p : `${p}.${ext}`;
}

async function writeZip(path: string, entries: Array<{ name: string; buffer?: Buffer; file?: string }>, force: boolean): Promise<void> {
  checkTarget(path, { force });
  ensurePrivateDir(dirname(path));
  const tmp = createPrivateTemp(path);
  const { ZipFile } = createRequire(import.meta.url)('yazl') as typeof import('yazl'); // loaded when zipping only
  const zip = new ZipFile();
  // Entries carry mode 0600 so that unzip does not widen what the archive protects.
  const options = { mode: 0o100600 };
  for (const e of entries) {
    if (e.buffer) zip.addBuffer(e.buffer, e.name, options);
    else zip.addFile(e.file!, e.name, options);
  }
  zip.end();
  try {
    await new Promise<void>((ok, fail) => {
      const ws = createWriteStream(tmp, { flags: 'r+' }); // the private file created above, never a link
      ws.on('error', fail);
      ws.on('close', () => ok());
      zip.outputStream.on('error', fail);
      zip.outputStream.pipe(ws);
    });
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  commitPrivateFile(tmp, path, { force });
}

export interface WriteOptions {
  format: ExportFormat;
  out?: string;
  cwd?: string;
  /** Replace an existing json or zip file. */
  force?: boolean;
}

export async function writeTermExport(data: TermExport, opts: WriteOptions): Promise<ExportReport> {
  const cwd = opts.cwd ?? process.cwd();
  const base = exportBaseName(data);
  const subjects = data.subjects.map((s) => ({ id: s.id, file: s.file, rows: s.rows.length }));
  const skipped: string[] = [];
  const report = (path: string, documents = 0): ExportReport => ({ scope: data.scope, format: opts.format, path, subjects, documents, skipped });

  if (opts.format === 'csv') {
    const dir = opts.out ? resolve(cwd, opts.out) : join(cwd, 'exports', base);
    if (existsSync(dir) && !statSync(dir).isDirectory()) {
      throw new UserError(`« ${opts.out} » est un fichier : en CSV, --out est le dossier où écrire un fichier par sujet`);
    }
    ensurePrivateDir(dir);
    for (const s of data.subjects) writePrivateFile(join(dir, s.file), subjectCsv(s), { replace: true });
    return report(dir);
  }
  if (opts.format === 'json') {
    const file = targetFile(opts.out, cwd, base, 'json');
    writePrivateFile(file, exportJson(data), { force: opts.force });
    return report(file);
  }
  const file = targetFile(opts.out, cwd, base, 'zip');
  checkTarget(file, { force: opts.force }); // before the documents are gathered
  const entries: Array<{ name: string; buffer?: Buffer; file?: string }> = data.subjects.map((s) => ({
    name: s.file,
    buffer: Buffer.from(subjectCsv(s), 'utf8'),
  }));
  for (const f of data.files ?? []) entries.push({ name: f.name, buffer: f.content });
  let documents = 0;
  for (const p of data.scope.periods) {
    const dir = periodDocumentsDir(cwd, p.name);
    for (const [real, rel] of filesUnder(dir, skipped)) {
      if (resolve(real) === resolve(file)) continue;
      entries.push({ name: `documents/${basename(dir)}/${rel}`, file: real });
      documents++;
    }
  }
  await writeZip(file, entries, !!opts.force);
  return report(file, documents);
}
