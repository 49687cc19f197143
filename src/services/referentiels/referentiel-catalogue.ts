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

function activeCode(store: Store): string {
  return store.config.get(ACTIVE_REFERENTIEL_KEY) ?? DEFAULT_REFERENTIEL;
}

function summary(store: Store, ref: Referentiel, source: ReferentielSource): ReferentielSummary {
  return {
    code: ref.code,
    diploma: ref.diploma,
    draft: !!ref.draft,
    source,
    active: ref.code === activeCode(store),
    blocks: ref.blocks.length,
    tasks: allTasks(ref).length,
    competencies: ref.competencies.length,
    attitudes: ref.attitudes.length,
    periods: store.periods.list().filter((p) => p.referentiel === ref.code).length,
  };
}

/** Every référentiel known to this store: imported ones first replace shipped ones of the same code. */
export function listReferentiels(store: Store): ReferentielSummary[] {
  const byCode = new Map<string, ReferentielSummary>();
  for (const ref of shippedReferentiels().values()) byCode.set(ref.code, summary(store, ref, 'fourni'));
  for (const { data } of store.referentiels.all()) {
    const ref = data as Referentiel;
    byCode.set(ref.code, summary(store, ref, 'importé'));
  }
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export interface ReferentielDetails extends ReferentielSummary {
  draftNote: string | null;
  family: string | null;
  content: Pick<Referentiel, 'blocks' | 'competencies' | 'attitudes' | 'examUnits'>;
}

export function referentielDetails(store: Store, code: string): ReferentielDetails {
  const wanted = code.trim().toUpperCase();
  const ref = getReferentiel(store, wanted);
  const source: ReferentielSource = store.referentiels.get(wanted) ? 'importé' : 'fourni';
  return {
    ...summary(store, ref, source),
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
export function importReferentiel(
  store: Store,
  file: string,
  opts: { dryRun?: boolean; now?: () => Date } = {},
): ReferentielImportReport {
  const ref = readReferentielFile(file);
  const previous = store.referentiels.get(ref.code);
  const change = previous === undefined ? 'created' : JSON.stringify(previous) === JSON.stringify(ref) ? 'unchanged' : 'updated';
  const report: ReferentielImportReport = {
    code: ref.code,
    diploma: ref.diploma,
    draft: !!ref.draft,
    change,
    replacesShipped: shippedReferentiels().has(ref.code),
    active: ref.code === activeCode(store),
    warnings: missingCodesInUse(store, ref),
  };
  if (change !== 'unchanged' && !opts.dryRun) store.referentiels.put(ref.code, ref, (opts.now?.() ?? new Date()).toISOString());
  return report;
}

/** Task codes that periods or individualised sheets of this référentiel use and that the new version lacks. */
function missingCodesInUse(store: Store, ref: Referentiel): string[] {
  const known = new Set(allTasks(ref).map((t) => t.code));
  const warnings: string[] = [];
  for (const p of store.periods.list().filter((x) => x.referentiel === ref.code)) {
    const used = new Set([...p.tasks, ...store.sheets.inPeriod(p.id).flatMap((s) => s.ownTasks ?? [])]);
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
export function useReferentiel(store: Store, code: string): { code: string; diploma: string; draft: boolean; changed: boolean } {
  const wanted = code.trim().toUpperCase();
  const ref = getReferentiel(store, wanted);
  const changed = activeCode(store) !== ref.code;
  if (changed) store.config.set(ACTIVE_REFERENTIEL_KEY, ref.code);
  return { code: ref.code, diploma: ref.diploma, draft: !!ref.draft, changed };
}
