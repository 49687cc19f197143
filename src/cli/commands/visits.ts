// `cpro visits plan|record|list`: the teacher's visits and calls during a period (section 6 of the pré-convention).
import type { Command } from 'commander';
import { act } from '../context.js';
import { table, type IO } from '../io.js';
import { frenchDate, shortFrenchDate } from '../../domain/dates.js';
import { deName } from '../../domain/text.js';
import { VISIT_MODES, VISIT_MODE_LABELS } from '../../domain/visits.js';
import { listVisits, saveVisit, type VisitListReport, type VisitReport } from '../../services/liaison/visits.js';

interface VisitOpts {
  period: string;
  learner: string;
  date: string;
  mode: string;
  who?: string;
  note?: string;
}

export function registerVisits(program: Command): void {
  const group = program
    .command('visits')
    .description("visites et appels de l'enseignant pendant une période : les prévoir, puis les noter faits");

  for (const [verb, done] of [['plan', false], ['record', true]] as const) {
    group
      .command(verb)
      .description(done ? 'note une visite ou un appel qui a eu lieu' : 'prévoit une visite ou un appel')
      .requiredOption('--period <période>', 'numéro de la période ou son nom')
      .requiredOption('--learner <apprenant>', 'numéro, INE ou « NOM Prénom »')
      .requiredOption('--date <date>', 'jj/mm/aaaa')
      .requiredOption('--mode <mode>', `${VISIT_MODES.join(', ')}`)
      .option('--who <enseignant>', "qui visite ou appelle (par défaut : cpro config get enseignant.nom)")
      .option('--note <texte>', 'une remarque')
      .addHelpText(
        'after',
        `
Les visites prévues figurent dans la section 6 de la pré-convention ; les visites et appels, prévus ou faits,
sur la ligne « Visites et échanges de l'enseignant » des grilles et dans « cpro liaison status ».
${done ? 'Une visite prévue à cette date et sous ce mode est marquée faite (pas de doublon).' : 'Prévoir deux fois la même visite ne change rien.'}

Exemple :
  $ cpro visits ${verb} --period "PFMP 2" --learner "ACCARDO Aline" --date 12/06/2025 --mode ${done ? 'telephone' : 'visite'}`,
      )
      .action(act(async (ctx, opts: VisitOpts) => {
        const r = await saveVisit(await ctx.store(), { ...opts, done });
        ctx.io.result(r, formatSave);
      }));
  }

  group
    .command('list')
    .description("liste les visites et appels d'une période, apprenant par apprenant")
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .addHelpText('after', '\nExemple :\n  $ cpro visits list --period "PFMP 2"')
    .action(act(async (ctx, opts: { period: string }) => {
      const r = await listVisits(await ctx.store(), opts.period);
      ctx.io.result(r, (x) => formatList(ctx.io, x));
    }));
}

function formatSave(r: VisitReport): string {
  // « Appel » is masculine: « prévu », « fait ».
  const masculine = r.visit.mode === 'telephone';
  const noun = r.visit.mode === 'visite' ? 'visite' : masculine ? 'appel téléphonique' : 'visio';
  const agree = (w: string) => (masculine ? w : `${w}e`);
  const what = `${noun} ${deName(`${r.learner.firstName} ${r.learner.lastName}`)} le ${frenchDate(r.visit.date)}`;
  if (r.change === 'unchanged') return `Aucun changement : ${what} était déjà ${r.visit.done ? `noté${masculine ? '' : 'e'} ${agree('fait')}` : agree('prévu')}.`;
  const state = r.visit.done ? agree('fait') : agree('prévu');
  return `${what.charAt(0).toUpperCase() + what.slice(1)} : ${state}${r.visit.who ? ` (${r.visit.who})` : ''}.`;
}

function formatList(io: IO, r: VisitListReport): string {
  const rows = r.learners.map((l) => [
    String(l.learner.id),
    `${l.learner.lastName} ${l.learner.firstName}`,
    l.visits.length
      ? l.visits.map((v) => `${VISIT_MODE_LABELS[v.mode]} ${shortFrenchDate(v.date)} (${v.done ? 'faite' : 'prévue'})`).join(', ')
      : io.c('yellow', 'aucune'),
  ]);
  return [io.c('bold', `Visites — ${r.period.name} (${r.period.class})`), '', table(['N°', 'Apprenant', 'Visites et appels'], rows)].join('\n');
}
