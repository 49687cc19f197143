// `cpro print <preconventions|attestations|grilles|tout>`: wiring only (the documents are made by services/print/print.ts).
import { basename, isAbsolute, relative } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { act } from '../context.js';
import type { IO, Progress } from '../io.js';
import { UsageError, UserError } from '../../domain/errors.js';
import type { DocumentKind } from '../../domain/filenames.js';
import {
  DOCUMENT_KINDS,
  DOCUMENT_LABELS,
  FORMAT_CHOICES,
  parseFormatChoice,
  parsePrintSelection,
  type FormatChoice,
  type PrintSelection,
} from '../../domain/print.js';
import { printDocuments, type PrintFailure, type PrintReport } from '../../services/print/print.js';
import { plural } from '../../domain/text.js';

interface PrintOpts {
  period: string;
  learner?: string;
  format?: FormatChoice;
  out?: string;
  combine?: boolean;
}

export function registerPrint(program: Command): void {
  program
    .command('print')
    .argument('<documents>', 'preconventions, attestations, grilles (bilans des attitudes et entreprise, grilles certificatives) ou tout')
    .requiredOption('--period <période>', 'numéro ou nom de la période')
    .option('--learner <apprenant>', 'un seul apprenant : numéro, INE, ou « NOM Prénom »')
    .addOption(
      new Option('--format <format>', `${FORMAT_CHOICES.join(', ')} (par défaut : les deux)`).argParser((v) => {
        const f = parseFormatChoice(v);
        if (!f) throw new InvalidArgumentError(`valeurs possibles : ${FORMAT_CHOICES.join(', ')}.`);
        return f;
      }),
    )
    .option('--combine', 'écrit aussi un PDF par type de document pour toute la période, dans l\'ordre de la classe, à imprimer d\'un coup')
    .option('--out <dossier>', 'dossier où écrire les fichiers (par défaut ./documents/<période>/)')
    .addHelpText(
      'after',
      `
Documents, un par apprenant (fichiers lisibles par vous seul ; réimprimer remplace les fichiers) :
  preconventions  « Annexe <période> <Prénom> <Nom> » : annexe pédagogique de la convention, pré-remplie
                  (établissement, apprenant, entreprise et tuteur, objectifs et tâches de la fiche de liaison)
  attestations    « Attestation - <période> - <Prénom> <Nom> » : attestation de stage (art. D.124-9)
  grilles         « Bilan attitudes - … » pour toute période, « Bilan entreprise - … » pour les types
                  Période 2 et Autre, « Grille certificative - … » pour les types E31 et E33 (critères et
                  échelle du référentiel) ; remplies quand les bilans et grilles sont enregistrés
  tout            tous les documents de la période
La pré-convention s'imprime même sans entreprise : l'élève l'emporte pour chercher son stage, la partie
entreprise est laissée à compléter à la main. Les autres documents demandent une entreprise sur la fiche de
liaison : un apprenant sans entreprise est signalé, les autres sont imprimés, et la commande finit en erreur.
Un apprenti n'a ni pré-convention ni attestation de stage (son contrat en tient lieu) : la commande le dit.
L'établissement et l'enseignant référent viennent de « cpro config set etablissement.nom|adresse|uai|chef|telephone »
et « cpro config set enseignant.nom|courriel|telephone ».

Exemples :
  $ cpro print tout --period "PFMP 2"
  $ cpro print preconventions --period "PFMP 2" --format pdf
  $ cpro print grilles --period 2 --learner "ACCARDO Aline" --format docx --out /tmp/visite
  $ cpro print attestations --period "PFMP 1" --json
  $ cpro print tout --period "PFMP 2" --combine      # et « Pré-conventions - PFMP 2 - 2MSPC1.pdf », etc.`,
    )
    .action(
      act(async (ctx, documents: string, opts: PrintOpts) => {
        const selection = parsePrintSelection(documents);
        if (!selection) {
          throw new UsageError(`documents inconnus « ${documents} » : choisissez preconventions, attestations, grilles ou tout`);
        }
        let bar: Progress | undefined;
        const report = await printDocuments(
          await ctx.store(),
          { period: opts.period, learner: opts.learner, selection, format: opts.format ?? 'both', out: opts.out, combine: opts.combine },
          {
            onStart: (n) => (bar = ctx.io.progress(n, 'Impression')),
            onFile: (f) => bar?.tick(`${f.learner.lastName} ${f.learner.firstName}`),
          },
        ).finally(() => bar?.stop());
        ctx.io.report(report, (r) => formatReport(ctx.io, r, selection, opts));
        if (!ctx.io.json) for (const w of report.warnings) ctx.io.warn(w);
        const failed = new Set(report.failures.map((f) => f.learner.id)).size;
        if (failed) {
          throw new UserError(
            `${plural(failed, 'apprenant')} en échec` +
              (report.files.length ? ' ; les autres documents ont été écrits' : ' ; aucun fichier écrit'),
          );
        }
      }),
    );
}

const quote = (s: string) => (/^[\w.-]+$/.test(s) ? s : `"${s.replace(/"/g, '\\"')}"`);

/** The folder as typed relative to the current one when it is inside it. */
function shownFolder(folder: string): string {
  const rel = relative(process.cwd(), folder);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? `${rel}/` : folder;
}

function formatReport(io: IO, r: PrintReport, selection: PrintSelection, opts: PrintOpts): string {
  const lines: string[] = [];
  const n = r.files.length;
  const where = `${r.period.name} (${r.period.class}, ${r.period.kind})`;
  lines.push(
    n
      ? io.c('bold', `${where} : ${plural(n, 'fichier écrit', 'fichiers écrits')} dans ${shownFolder(r.folder)}`)
      : io.c('bold', `${where} : aucun fichier écrit`),
  );
  if (n && n <= 8) {
    for (const f of r.files) lines.push(`  ${basename(f.path)}`);
  } else if (n) {
    const width = Math.max(...DOCUMENT_KINDS.map((k) => DOCUMENT_LABELS[k].length));
    for (const kind of DOCUMENT_KINDS) {
      const of = r.files.filter((f) => f.document === kind);
      if (!of.length) continue;
      const docx = of.filter((f) => f.format === 'docx').length;
      const pdf = of.length - docx;
      const counts = [docx ? `${docx} DOCX` : '', pdf ? `${pdf} PDF` : ''].filter(Boolean).join(', ');
      lines.push(`  ${DOCUMENT_LABELS[kind].padEnd(width)}  ${counts}`);
    }
  }
  for (const s of r.skipped) {
    lines.push(`Non produit : ${DOCUMENT_LABELS[s.document]} — ${s.reason}.`);
  }
  for (const c of r.combined) {
    lines.push(`Pour imprimer d'un coup : ${basename(c.path)} (${plural(c.documents, 'document')}, ${plural(c.pages, 'page')})`);
  }
  for (const s of r.notApplicable) {
    lines.push(`Non produit pour ${s.learner.lastName} ${s.learner.firstName} : ${DOCUMENT_LABELS[s.document]} — ${s.reason}.`);
  }
  if (r.failures.length) {
    const byLearner = groupFailures(r.failures);
    lines.push(io.c('red', `En échec (${plural(byLearner.length, 'apprenant')}) :`));
    for (const g of byLearner) {
      for (const [reason, docs] of g.reasons) {
        lines.push(`  ${g.name} — ${reason} (${docs.map((d) => DOCUMENT_LABELS[d]).join(', ')})`);
      }
    }
    const period = quote(opts.period ?? r.period.name);
    const retry = byLearner.length === 1 ? ` --learner ${quote(byLearner[0].name)}` : '';
    lines.push(
      `Complétez les fiches (cpro liaison status --period ${period}), puis relancez : ` +
        `cpro print ${selection} --period ${period}${retry}`,
    );
  }
  return lines.join('\n');
}

function groupFailures(failures: PrintFailure[]): Array<{ name: string; reasons: Map<string, DocumentKind[]> }> {
  const groups = new Map<number, { name: string; reasons: Map<string, DocumentKind[]> }>();
  for (const f of failures) {
    let g = groups.get(f.learner.id);
    if (!g) groups.set(f.learner.id, (g = { name: `${f.learner.lastName} ${f.learner.firstName}`, reasons: new Map() }));
    const docs = g.reasons.get(f.reason) ?? [];
    docs.push(f.document);
    g.reasons.set(f.reason, docs);
  }
  return [...groups.values()];
}
