// Portfolio use cases: import the learners' files (validate all → plan → apply in one transaction), show one,
// the status of a period, and the teachers' comments.
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import type { DataError } from '../../domain/errors.js';
import { UserError } from '../../domain/errors.js';
import type { Learner, Period } from '../../domain/model.js';
import {
  portfolioCounts, portfolioDifferences, weeksOutsidePeriod, type LearnerRef as FileLearnerRef, type PortfolioComment, type PortfolioContent,
  type PortfolioCounts, type StoredPortfolio,
} from '../../domain/portfolio.js';
import { cleanText, looseWords, matchKey } from '../../domain/text.js';
import { textProblem } from '../../domain/limits.js';
import { portfolioFiles, readPortfolioFile } from '../../importers/portfolio.js';
import type { Store } from '../../store/store.js';
import { resolveLearner, resolvePeriod } from '../shared/resolve.js';
import { frenchDayDate } from '../../domain/tutor-state.js';

import { learnerRef, periodRef, type LearnerRef, type PeriodRef } from '../shared/refs.js';
export type Change = 'created' | 'updated' | 'unchanged';

export type { LearnerRef, PeriodRef };

/** The hash that decides whether a re-import changes anything: the content's canonical JSON. */
export function contentHash(c: PortfolioContent): string {
  return createHash('sha256').update(JSON.stringify(c)).digest('hex');
}

// ---------------------------------------------------------------- import

export interface PortfolioImportEntry {
  file: string;
  learner: LearnerRef;
  change: Change;
  counts: PortfolioCounts;
}

export interface PortfolioImportReport {
  /** null only when the import stopped before the period was known (unknown period, unreadable path). */
  period: PeriodRef | null;
  dryRun: boolean;
  files: PortfolioImportEntry[];
  portfolios: { created: number; updated: number; unchanged: number };
  warnings: string[];
  errors: DataError[];
}

export interface PortfolioImportOptions {
  period: string;
  dryRun?: boolean;
  /** Replace a portfolio the learner edited on the portal since its last file import. */
  force?: boolean;
  now?: () => Date;
}

/** The learner a file names, among the period's learners; an error with the file's line when none or several. */
function matchLearner(pool: Learner[], ref: FileLearnerRef, period: Period, file: string): Learner | DataError {
  const who = ref.ine ? `INE ${ref.ine}` : `${ref.lastName} ${ref.firstName}`;
  const fail = (message: string): DataError => ({ file, line: ref.line, message });
  const sameName = (l: Learner) =>
    looseWords(`${l.lastName} ${l.firstName}`) === looseWords(`${ref.lastName} ${ref.firstName}`);
  if (ref.ine) {
    const l = pool.find((x) => x.ine === ref.ine);
    if (!l) return fail(`apprenant introuvable dans la période « ${period.name} » (${period.className}) : ${who}`);
    if (ref.lastName && ref.firstName && !sameName(l)) {
      return fail(`l'INE ${ref.ine} est celui de ${l.firstName} ${l.lastName}, pas de ${ref.firstName} ${ref.lastName} : vérifiez le fichier`);
    }
    return l;
  }
  const found = pool.filter(sameName);
  if (found.length === 1) return found[0];
  if (found.length > 1) return fail(`plusieurs apprenants s'appellent ${ref.firstName} ${ref.lastName} dans cette période : indiquez l'« ine »`);
  return fail(`apprenant introuvable dans la période « ${period.name} » (${period.className}) : ${who}`);
}

interface Planned {
  file: string;
  learner: Learner;
  assignmentId: number;
  content: PortfolioContent;
  hash: string;
  change: Change;
  existing?: StoredPortfolio;
}

/** The report of an import that could not start, in the same JSON shape. */
export function emptyPortfolioReport(errors: DataError[]): PortfolioImportReport {
  return { period: null, dryRun: false, files: [], portfolios: { created: 0, updated: 0, unchanged: 0 }, warnings: [], errors };
}

export async function importPortfolios(store: Store, path: string, opts: PortfolioImportOptions): Promise<PortfolioImportReport> {
  const period = await resolvePeriod(store, opts.period);
  const files = portfolioFiles(path);
  const pool = await store.learners.inPeriod(period.id);
  const report: PortfolioImportReport = {
    period: periodRef(period),
    dryRun: !!opts.dryRun,
    files: [],
    portfolios: { created: 0, updated: 0, unchanged: 0 },
    warnings: [],
    errors: [],
  };
  const plan: Planned[] = [];
  const byLearner = new Map<number, string>();

  for (const file of files) {
    const read = readPortfolioFile(file);
    report.warnings.push(...read.warnings);
    report.errors.push(...read.errors);
    const p = read.portfolio;
    if (!p) continue;
    if (p.period && matchKey(p.period.name) !== matchKey(period.name)) {
      report.errors.push({
        file,
        line: p.period.line,
        message: `ce portfolio est celui de la période « ${p.period.name} », pas de « ${period.name} »`,
      });
      continue;
    }
    const learner = matchLearner(pool, p.learner, period, file);
    if (!('id' in learner)) {
      report.errors.push(learner);
      continue;
    }
    const other = byLearner.get(learner.id);
    if (other) {
      report.errors.push({
        file,
        line: p.learner.line,
        message: `${learner.firstName} ${learner.lastName} a déjà un portfolio dans ce lot : « ${basename(other)} »`,
      });
      continue;
    }
    byLearner.set(learner.id, file);
    for (const w of weeksOutsidePeriod(p.content, period.start, period.end)) report.warnings.push(`${basename(file)} : ${w}`);
    const assignmentId = (await store.periods.assignmentId(period.id, learner.id))!;
    const existing = await store.portfolios.get(assignmentId);
    const hash = contentHash(p.content);
    const change: Change = !existing ? 'created' : existing.contentHash === hash ? 'unchanged' : 'updated';
    // Web and file are one portfolio: a file does not silently replace what the learner typed on the portal since.
    const edits = await store.learnerSpace.edits(assignmentId);
    if (change === 'updated' && !opts.force && edits.web && (!edits.file || edits.web > edits.file)) {
      const what = portfolioDifferences(existing!.content, p.content);
      report.errors.push({
        file,
        line: p.learner.line,
        message:
          `${learner.firstName} ${learner.lastName} a modifié son portfolio sur le portail le ${frenchDayDate(edits.web)}, après le dernier import de fichier : ` +
          `ce fichier remplacerait ${what.join(', ')}. Exportez d'abord la version du portail (cpro portfolio export --format yaml), ` +
          'ou ajoutez --force pour la remplacer',
      });
      continue;
    }
    plan.push({ file, learner, assignmentId, content: p.content, hash, change, existing });
  }

  if (report.errors.length) return report;
  for (const x of plan) {
    report.portfolios[x.change]++;
    report.files.push({ file: x.file, learner: learnerRef(x.learner), change: x.change, counts: portfolioCounts(x.content) });
  }
  if (!opts.dryRun) {
    const at = (opts.now?.() ?? new Date()).toISOString();
    await store.transaction(async () => {
      for (const x of plan) {
        const input = { assignmentId: x.assignmentId, content: x.content, contentHash: x.hash, sourceFile: basename(x.file) };
        // Another import may have created it since the plan was made (the plan is read before the write lock).
        if (x.change === 'created' && !(await store.portfolios.get(x.assignmentId))) await store.portfolios.insert(input, at);
        else if (x.change === 'created') await store.portfolios.update(input, at);
        else if (x.change === 'updated') await store.portfolios.update(input, at);
        if (x.change !== 'unchanged') await store.learnerSpace.fileImported(x.assignmentId, at);
        else if (x.existing!.sourceFile !== input.sourceFile) await store.portfolios.renameSource(x.assignmentId, input.sourceFile);
      }
    });
  }
  return report;
}

// ---------------------------------------------------------------- show

export interface CommentView {
  id: number;
  author: string;
  text: string;
  createdAt: string;
  authorRole: 'tuteur' | 'enseignant';
}

export interface PortfolioDetails {
  period: PeriodRef & { start: string; end: string };
  learner: LearnerRef & { ine: string | null; class: string };
  sourceFile: string;
  importedAt: string;
  updatedAt: string;
  counts: PortfolioCounts;
  content: PortfolioContent;
  comments: CommentView[];
}

const commentView = (c: PortfolioComment): CommentView => ({
  id: c.id, author: c.author, text: c.text, createdAt: c.createdAt, authorRole: c.authorRole ?? 'enseignant',
});

/** The portfolio of a learner for a period, or a UserError saying how to import one. */
export async function findPortfolio(store: Store, periodInput: string, learnerInput: string) {
  const period = await resolvePeriod(store, periodInput);
  const learner = await resolveLearner(store, learnerInput, period.id);
  const assignmentId = (await store.periods.assignmentId(period.id, learner.id))!;
  const portfolio = await store.portfolios.get(assignmentId);
  if (!portfolio) {
    throw new UserError(
      `${learner.firstName} ${learner.lastName} n'a pas de portfolio pour la période « ${period.name} » ` +
        `(importez son fichier : cpro portfolio import <fichier> --period "${period.name}")`,
    );
  }
  return { period, learner, portfolio };
}

export async function showPortfolio(store: Store, periodInput: string, learnerInput: string): Promise<PortfolioDetails> {
  const { period, learner, portfolio } = await findPortfolio(store, periodInput, learnerInput);
  return {
    period: { ...periodRef(period), start: period.start, end: period.end },
    learner: { ...learnerRef(learner), ine: learner.ine, class: learner.className },
    sourceFile: portfolio.sourceFile,
    importedAt: portfolio.importedAt,
    updatedAt: portfolio.updatedAt,
    counts: portfolioCounts(portfolio.content),
    content: portfolio.content,
    comments: (await store.portfolios.comments(portfolio.id)).map(commentView),
  };
}

// ---------------------------------------------------------------- status

export interface PortfolioStatusRow {
  learner: LearnerRef;
  hasPortfolio: boolean;
  weeks: number;
  activities: number;
  selected: number;
  annexes: number;
  comments: number;
  updatedAt: string | null;
  /** The learner's last edit on the portal (ISO instant), null when never. */
  webEditedAt: string | null;
}

export interface PortfolioStatus {
  period: PeriodRef;
  learners: PortfolioStatusRow[];
  withPortfolio: number;
}

export async function portfolioStatus(store: Store, periodInput: string): Promise<PortfolioStatus> {
  const period = await resolvePeriod(store, periodInput);
  const byLearner = new Map((await store.portfolios.inPeriod(period.id)).map((p) => [p.learnerId, p]));
  const commentCounts = new Map<number, number>();
  for (const c of await store.portfolios.commentsInPeriod(period.id)) commentCounts.set(c.portfolioId, (commentCounts.get(c.portfolioId) ?? 0) + 1);
  const learners: PortfolioStatusRow[] = [];
  for (const l of await store.learners.inPeriod(period.id)) {
    const p = byLearner.get(l.id);
    const counts = p ? portfolioCounts(p.content) : null;
    learners.push({
      learner: learnerRef(l),
      hasPortfolio: !!p,
      weeks: counts?.weeks ?? 0,
      activities: counts?.activities ?? 0,
      selected: counts?.selected ?? 0,
      annexes: counts?.annexes ?? 0,
      comments: p ? commentCounts.get(p.id) ?? 0 : 0,
      updatedAt: p?.updatedAt ?? null,
      webEditedAt: p ? (await store.learnerSpace.edits(p.assignmentId)).web : null,
    });
  }
  return { period: periodRef(period), learners, withPortfolio: learners.filter((l) => l.hasPortfolio).length };
}

// ---------------------------------------------------------------- comment

export const MAX_COMMENT_LENGTH = 4000;

/** Who signs a comment: --author, else the configured teacher (enseignant.nom), else the session's user name. */
export async function commentAuthor(store: Store, explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const given = explicit !== undefined ? cleanText(explicit) : '';
  if (explicit !== undefined && !given) throw new UserError('--author : nom vide');
  if (given) return given;
  const configured = await store.config.get('enseignant.nom');
  if (configured?.trim()) return cleanText(configured);
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch {
    /* no passwd entry (some containers): fall through */
  }
  return env.USER || env.USERNAME || 'enseignant';
}

export interface CommentReport {
  period: PeriodRef;
  learner: LearnerRef;
  comment: CommentView;
}

export async function addPortfolioComment(
  store: Store,
  periodInput: string,
  learnerInput: string,
  text: string,
  author: string,
  now: Date = new Date(),
  authorRole: 'tuteur' | 'enseignant' = 'enseignant',
): Promise<CommentReport> {
  const body = text
    .normalize('NFC')
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .trim();
  if (!body) throw new UserError('commentaire vide : écrivez le texte entre guillemets après les options');
  const bad = textProblem(body, { max: Infinity, multiline: true });
  if (bad) throw new UserError(`commentaire refusé : ${bad}`);
  if (body.length > MAX_COMMENT_LENGTH) {
    throw new UserError(`commentaire trop long (${body.length} caractères, au plus ${MAX_COMMENT_LENGTH})`);
  }
  const { period, learner, portfolio } = await findPortfolio(store, periodInput, learnerInput);
  const comment = { portfolioId: portfolio.id, author, text: body, createdAt: now.toISOString(), authorRole };
  const id = await store.portfolios.addComment(comment);
  return { period: periodRef(period), learner: learnerRef(learner), comment: { id, author, text: body, createdAt: comment.createdAt, authorRole } };
}
