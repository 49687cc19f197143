// Use cases on référentiels: list, show, import a JSON file, choose the active one.
import type { Store } from '../../store/store.js';
import { allTasks, type Referentiel } from '../../domain/referentiel.js';
import { readReferentielFile } from '../../importers/referentiel.js';
import { ACTIVE_REFERENTIEL_KEY, DEFAULT_REFERENTIEL, getReferentiel, shippedReferentiels } from './referentiels.js';

export type ReferentielSource = 'fourni' | 'importé';

export interface ReferentielSummary {
  code: string;
  diploma: string;
  draft: boolean;
  source: ReferentielSource;
  active: boolean;
  blocks: number;
  tasks: number;
  competencies: number;
  attitudes: number;
  periods: number;
}

async function activeCode(store: Store): Promise<string> {
  return (await store.config.get(ACTIVE_REFERENTIEL_KEY)) ?? DEFAULT_REFERENTIEL;
}

async function summary(store: Store, ref: Referentiel, source: ReferentielSource): Promise<ReferentielSummary> {
  return {
    code: ref.code,
    diploma: ref.diploma,
    draft: !!ref.draft,
    source,
    active: ref.code === (await activeCode(store)),
    blocks: ref.blocks.length,
    tasks: allTasks(ref).length,
    competencies: ref.competencies.length,
    attitudes: ref.attitudes.length,
    periods: (await store.periods.list()).filter((p) => p.referentiel === ref.code).length,
  };
}

/** Every référentiel known to this store: imported ones first replace shipped ones of the same code. */
export async function listReferentiels(store: Store): Promise<ReferentielSummary[]> {
  const byCode = new Map<string, ReferentielSummary>();
  for (const ref of shippedReferentiels().values()) byCode.set(ref.code, await summary(store, ref, 'fourni'));
  for (const { data } of await store.referentiels.all()) {
    const ref = data as Referentiel;
    byCode.set(ref.code, await summary(store, ref, 'importé'));
  }
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export interface ReferentielDetails extends ReferentielSummary {
  draftNote: string | null;
  family: string | null;
  content: Pick<Referentiel, 'blocks' | 'competencies' | 'attitudes' | 'examUnits'>;
}

export async function referentielDetails(store: Store, code: string): Promise<ReferentielDetails> {
  const wanted = code.trim().toUpperCase();
  const ref = await getReferentiel(store, wanted);
  const source: ReferentielSource = (await store.referentiels.get(wanted)) ? 'importé' : 'fourni';
  return {
    ...(await summary(store, ref, source)),
    draftNote: ref.draftNote ?? null,
    family: ref.family ?? null,
    content: { blocks: ref.blocks, competencies: ref.competencies, attitudes: ref.attitudes, ...(ref.examUnits ? { examUnits: ref.examUnits } : {}) },
  };
}

export interface ReferentielImportReport {
  code: string;
  diploma: string;
  draft: boolean;
  change: 'created' | 'updated' | 'unchanged';
  /** True when the file replaces, in this store, a référentiel shipped with cprosync. */
  replacesShipped: boolean;
  active: boolean;
  warnings: string[];
}

/** Validates the file (nothing is written when it is invalid), then stores it under its code. */
export async function importReferentiel(
  store: Store,
  file: string,
  opts: { dryRun?: boolean; now?: () => Date } = {},
): Promise<ReferentielImportReport> {
  const ref = readReferentielFile(file);
  const previous = await store.referentiels.get(ref.code);
  const change = previous === undefined ? 'created' : JSON.stringify(previous) === JSON.stringify(ref) ? 'unchanged' : 'updated';
  const report: ReferentielImportReport = {
    code: ref.code,
    diploma: ref.diploma,
    draft: !!ref.draft,
    change,
    replacesShipped: shippedReferentiels().has(ref.code),
    active: ref.code === (await activeCode(store)),
    warnings: await missingCodesInUse(store, ref),
  };
  if (change !== 'unchanged' && !opts.dryRun) await store.referentiels.put(ref.code, ref, (opts.now?.() ?? new Date()).toISOString());
  return report;
}

/** Task codes that periods or individualised sheets of this référentiel use and that the new version lacks. */
async function missingCodesInUse(store: Store, ref: Referentiel): Promise<string[]> {
  const known = new Set(allTasks(ref).map((t) => t.code));
  const warnings: string[] = [];
  for (const p of (await store.periods.list()).filter((x) => x.referentiel === ref.code)) {
    const used = new Set([...p.tasks, ...(await store.sheets.inPeriod(p.id)).flatMap((s) => s.ownTasks ?? [])]);
    const missing = [...used].filter((c) => !known.has(c));
    if (missing.length) {
      warnings.push(
        `la période « ${p.name} » (${p.className}) utilise des tâches absentes de ce référentiel : ` +
          `${missing.map((c) => `« ${c} »`).join(', ')} (elles resteront affichées sans intitulé)`,
      );
    }
  }
  return warnings;
}

/** Makes a référentiel the one that new periods are created with. Returns whether it changed. */
export async function useReferentiel(store: Store, code: string): Promise<{ code: string; diploma: string; draft: boolean; changed: boolean }> {
  const wanted = code.trim().toUpperCase();
  const ref = await getReferentiel(store, wanted);
  const changed = (await activeCode(store)) !== ref.code;
  if (changed) await store.config.set(ACTIVE_REFERENTIEL_KEY, ref.code);
  return { code: ref.code, diploma: ref.diploma, draft: !!ref.draft, changed };
}
