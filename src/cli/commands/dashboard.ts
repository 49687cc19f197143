// `cpro dashboard --learner <l>`: the learner's tableau de bord as a coloured table, JSON, or a PDF with charts.
import { deName } from '../../domain/text.js';
import type { Command } from 'commander';
import { act } from '../context.js';
import { table, type IO } from '../io.js';
import { paintLevel } from '../levels.js';
import { shortFrenchDate } from '../../domain/dates.js';
import { columnsOf, type Dashboard, type DashboardRow } from '../../domain/dashboard.js';
import { TYPE_LABELS, engagementStars, type EvaluationType } from '../../domain/evaluation.js';
import { classDashboard, learnerDashboard, writeClassDashboardPdf, writeClassResultsCsv, writeDashboardPdf } from '../../services/evaluations/dashboard.js';
import type { ClassDashboard } from '../../domain/class-dashboard.js';

export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .option('--learner <apprenant>', 'numéro, INE ou « NOM Prénom » de l\'apprenant (sans lui : toute la classe)')
    .option('--period <période>', 'sans --learner : le tableau de bord de la classe pour cette période')
    .option('--csv <fichier>', 'avec --period : les résultats de la classe en CSV, une ligne par apprenant (tableur)')
    .option('--force', 'remplace le fichier CSV s\'il existe')
    .option('--pdf <fichier>', 'écrit aussi le tableau de bord en PDF, avec l\'évolution de chaque compétence en graphique')
    .addHelpText(
      'after',
      `
Par compétence et par attitude : la réponse de chaque bilan, dans l'ordre chronologique des dates de rencontre,
et le dernier niveau (la réponse 4 à 0 la plus récente ; NE seulement s'il n'y en a pas d'autre).

Exemples :
  $ cpro dashboard --learner "ACCARDO Aline"
  $ cpro dashboard --learner 110480123AA --json
  $ cpro dashboard --learner "ACCARDO Aline" --pdf tableau-de-bord-accardo.pdf

Sans --learner, le tableau de bord de la classe pour une période : une ligne par apprenant, ses réponses à
chaque attitude et à chaque compétence, son engagement et la présence de son bilan personnel.
  $ cpro dashboard --period "PFMP 2"
  $ cpro dashboard --period "PFMP 2" --pdf tableau-de-bord-pfmp2.pdf
  $ cpro dashboard --period "PFMP 2" --csv resultats-pfmp2.csv`,
    )
    .action(act(async (ctx, opts: { learner?: string; period?: string; pdf?: string; csv?: string; force?: boolean }) => {
      if (!opts.learner) {
        const d = await classDashboard(await ctx.store(), opts.period);
        if (opts.csv) {
          writeClassResultsCsv(d, opts.csv, !!opts.force);
          ctx.io.info(`Résultats de la classe écrits dans ${opts.csv}.`);
        }
        if (opts.pdf) {
          await writeClassDashboardPdf(d, opts.pdf);
          ctx.io.info(`Tableau de bord de la classe écrit dans ${opts.pdf}.`);
        }
        ctx.io.result(d, (x) => formatClassDashboard(ctx.io, x));
        return;
      }
      const dashboard = await learnerDashboard(await ctx.store(), opts.learner);
      if (opts.pdf) {
        await writeDashboardPdf(dashboard, opts.pdf);
        ctx.io.info(`Tableau de bord écrit dans ${opts.pdf}.`);
      }
      ctx.io.result(dashboard, (d) => formatDashboard(ctx.io, d));
    }));
}

const short = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

export function formatDashboard(io: IO, d: Dashboard): string {
  const out: string[] = [io.c('bold', `Tableau de bord ${deName(`${d.learner.firstName} ${d.learner.lastName}`)} (${d.learner.className})`), ''];
  if (d.evaluations.length === 0) {
    out.push('Aucune évaluation enregistrée (cpro eval import, cpro eval entreprise, cpro eval attitudes).');
    if (d.periodsWithoutEvaluation.length) out.push(io.c('dim', `Périodes : ${d.periodsWithoutEvaluation.join(', ')}.`));
    return out.join('\n');
  } else {
    out.push(io.c('bold', "Évaluations, dans l'ordre chronologique des rencontres"));
    out.push(
      table(
        ['Rencontre', 'Période', 'Bilan', 'Engagement', ''],
        d.evaluations.map((e) => [
          shortFrenchDate(e.meetingDate),
          `${e.period} (${e.kind})`,
          TYPE_LABELS[e.type],
          engagementStars(e.engagement),
          e.locked ? io.c('dim', 'verrouillé') : '',
        ]),
      ),
    );
  }
  if (d.periodsWithoutEvaluation.length) out.push(io.c('dim', `Sans évaluation : ${d.periodsWithoutEvaluation.join(', ')}.`));
  out.push('', ...levelsTable(io, d, 'entreprise', 'Compétences', d.competencies));
  out.push('', ...levelsTable(io, d, 'attitudes', 'Attitudes professionnelles', d.attitudes));
  if (d.engagement.length) {
    out.push('', `${io.c('bold', 'Engagement')} : ${d.engagement.map((e) => `${e.period} ${engagementStars(e.value)}`).join('  →  ')}`);
  }
  return out.join('\n');
}

function levelsTable(io: IO, d: Dashboard, type: EvaluationType, caption: string, rows: DashboardRow[]): string[] {
  const columns = columnsOf(d, type);
  if (columns.length === 0) return [`${io.c('bold', caption)} : aucun ${TYPE_LABELS[type]} enregistré.`];
  const header = ['Code', type === 'entreprise' ? 'Compétence' : 'Attitude', ...columns.map(([, e]) => `${e.period} ${shortFrenchDate(e.meetingDate).replace(/\/(\d\d)(\d\d)$/, '/$2')}`), 'Dernier'];
  const body = rows.map((r) => [
    r.parent ? `  ${r.code}` : r.code,
    short(r.title, 42),
    ...columns.map(([i]) => {
      const h = r.history.find((x) => x.evaluation === i);
      return h ? paintLevel(io, h.level) : io.c('dim', '·');
    }),
    r.latest ? paintLevel(io, r.latest.level) : '—',
  ]);
  return [io.c('bold', caption), table(header, body)];
}

export function formatClassDashboard(io: IO, d: ClassDashboard): string {
  const cell = (v: string | undefined) => (v ? (/^(4|3|2|1|0|NE)$/.test(v) ? paintLevel(io, v as Parameters<typeof paintLevel>[1]) : v) : '—');
  const lines = [io.c('bold', `Tableau de bord — ${d.period.name} (${d.period.class}, ${d.period.kind})`), ''];
  const rows = d.rows.map((r) => [
    `${r.learner.lastName} ${r.learner.firstName}`,
    ...d.attitudeCodes.map((c) => (r.attitudes ? cell(r.attitudes[c]) : '')),
    ...d.competencyCodes.map((c) => (r.competencies ? cell(r.competencies[c]) : '')),
    ...(d.competencyCodes.length ? [r.engagement ? engagementStars(r.engagement) : ''] : []),
    r.bilanPersonnel ? 'oui' : 'non',
  ]);
  lines.push(table(['Apprenant', ...d.attitudeCodes, ...d.competencyCodes, ...(d.competencyCodes.length ? ['Engagement'] : []), 'Bilan perso.'], rows));
  const missing = d.rows.filter((r) => !r.attitudes || (d.competencyCodes.length && !r.competencies)).length;
  lines.push('', missing
      ? `${missing > 1 ? `${missing} apprenants n'ont` : '1 apprenant n\'a'} pas tous ${missing > 1 ? 'leurs' : 'ses'} bilans (case vide : bilan non enregistré ; « — » : sans réponse).`
      : 'Tous les bilans sont enregistrés.');
  return lines.join('\n');
}
