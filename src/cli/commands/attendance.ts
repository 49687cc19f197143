// `cpro attendance absence add|remove, import, schedule, show, confirm`: wiring only (services/attendance/attendance.ts).
import type { Command } from 'commander';
import { act } from '../context.js';
import { addCsvOptions, csvOptions } from '../csv-options.js';
import { reportImport } from '../import-report.js';
import { table, type IO } from '../io.js';
import { plural } from '../../domain/text.js';
import { parseDate, shortFrenchDate } from '../../domain/dates.js';
import { UsageError } from '../../domain/errors.js';
import { formatHours, parseHours } from '../../domain/attendance.js';
import { parseWeekdays } from '../../domain/calendar.js';
import { frenchDay } from '../../domain/tutor-state.js';
import {
  addAbsence,
  confirmAttendance,
  emptyAbsenceReport,
  importAbsences,
  removeAbsence,
  setSchedule,
  showAttendance,
  type AbsenceChange,
  type AbsenceImportReport,
  type AttendanceReport,
} from '../../services/attendance/attendance.js';

function dateOption(v: string): string {
  const d = parseDate(v);
  if (!d) throw new UsageError(`date invalide « ${v} » : attendu JJ/MM/AAAA ou AAAA-MM-JJ`);
  return d;
}

function hoursOption(v: string, max = 24): number {
  const h = parseHours(v);
  if (h === null || Number.isNaN(h) || !(h > 0 && h <= max)) throw new UsageError(`nombre d'heures invalide « ${v} » (par exemple 3 ou 3,5)`);
  return h;
}

export function registerAttendance(program: Command): void {
  const group = program
    .command('attendance')
    .addHelpText(
      'after',
      `
Les jours prévus d'une période sont ses jours ouvrés (du lundi au vendredi, sauf horaire contraire), moins les jours
fériés (calculés, Pâques compris ; Vendredi saint et 26 décembre en Alsace-Moselle selon l'UAI), moins les absences.
Heures : l'horaire journalier de l'élève (cpro attendance schedule), 7 h sinon.

Exemples :
  $ cpro attendance absence add --period "PFMP 2" --learner "ACCARDO Aline" --date 15/01/2025 --half-day
  $ cpro attendance import absences.csv --period "PFMP 2"
  $ cpro attendance show --period "PFMP 2"
  $ cpro attendance confirm --period "PFMP 2"`,
    );

  const absence = group.command('absence').description("enregistre ou retire l'absence d'un apprenant un jour de la période");
  absence
    .command('add')
    .description("enregistre une absence (journée entière par défaut) ; la même absence deux fois ne change rien")
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .requiredOption('--learner <apprenant>', "numéro, INE ou « NOM Prénom » de l'apprenant")
    .requiredOption('--date <date>', "jour de l'absence (JJ/MM/AAAA)", dateOption)
    .option('--hours <heures>', "heures d'absence ce jour-là (3 ou 3,5)", (v) => hoursOption(v))
    .option('--half-day', 'demi-journée')
    .option('--reason <motif>', "motif de l'absence")
    .addHelpText(
      'after',
      `
Une absence change les jours et heures effectués : une présence déjà confirmée doit l'être à nouveau.

Exemples :
  $ cpro attendance absence add --period "PFMP 2" --learner "ACCARDO Aline" --date 15/01/2025
  $ cpro attendance absence add --period 2 --learner 12 --date 2025-01-16 --hours 3 --reason "rendez-vous médical"`,
    )
    .action(act(async (ctx, opts: { period: string; learner: string; date: string; hours?: number; halfDay?: boolean; reason?: string }) => {
      if (opts.hours !== undefined && opts.halfDay) throw new UsageError('--hours ou --half-day, pas les deux');
      const r = await addAbsence(await ctx.store(), opts.period, opts.learner, { date: opts.date, hours: opts.hours ?? null, halfDay: !!opts.halfDay, reason: opts.reason ?? null });
      ctx.io.report(r, (r) => formatChange(ctx.io, r));
    }));
  absence
    .command('remove')
    .description("retire l'absence d'un apprenant un jour donné")
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .requiredOption('--learner <apprenant>', "numéro, INE ou « NOM Prénom » de l'apprenant")
    .requiredOption('--date <date>', "jour de l'absence (JJ/MM/AAAA)", dateOption)
    .addHelpText('after', '\nExemple :\n  $ cpro attendance absence remove --period "PFMP 2" --learner "ACCARDO Aline" --date 15/01/2025')
    .action(act(async (ctx, opts: { period: string; learner: string; date: string }) => {
      const r = await removeAbsence(await ctx.store(), opts.period, opts.learner, opts.date);
      ctx.io.report(r, (r) => formatChange(ctx.io, r, true));
    }));

  const imp = group
    .command('import')
    .description('importe des absences, une par ligne (une réimportation ne change rien ; les absences absentes du fichier sont gardées)')
    .argument('<fichier>', 'CSV (UTF-8, UTF-16 ou Windows-1252 ; séparateur ; , ou tabulation)')
    .option('--period <période>', 'période de toutes les lignes (sinon, colonne « Période »)');
  addCsvOptions(imp)
    .addHelpText(
      'after',
      `
Colonnes (casse, accents et ponctuation ignorés) : INE, ou Nom et Prénom ; Date (JJ/MM/AAAA) ; Heures (vide : la
journée) ; Demi-journée (oui/non) ; Motif ; Période (si --period n'est pas donné). Une ligne fixe l'absence de
l'apprenant ce jour-là (ajoutée ou remplacée). Un jour férié, un week-end ou un jour hors période est refusé.

Exemples :
  $ cpro attendance import fixtures/absences-pfmp2.csv --period "PFMP 2" --dry-run
  $ cpro attendance import absences.csv --json`,
    )
    .action(act(async (ctx, file: string, opts) => {
      const dryRun = !!opts.dryRun;
      await reportImport(
        ctx.io,
        async () => importAbsences(await ctx.store(), file, { ...csvOptions(opts), period: opts.period, dryRun }),
        emptyAbsenceReport,
        (r) => formatImport(ctx.io, r, dryRun),
      );
    }));

  group
    .command('schedule')
    .description("fixe l'horaire d'un apprenant ou de toute la période : heures par jour, jours travaillés")
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .option('--learner <apprenant>', 'un seul apprenant (sinon toute la période)')
    .option('--hours <heures>', "heures par jour, selon l'horaire de la pré-convention (par défaut 7)", (v) => hoursOption(v))
    .option('--days <jours>', 'jours travaillés, par exemple lun-ven ou mar-sam ou lun,mar,jeu,ven')
    .addHelpText(
      'after',
      `
Un élève mineur dont l'horaire dépasse les limites de son âge est signalé (8 h par jour et 35 h par semaine
à partir de 16 ans ; 7 h par jour avant 16 ans ; 30 h par semaine avant 15 ans).

Exemples :
  $ cpro attendance schedule --period "PFMP 2" --hours 7.5
  $ cpro attendance schedule --period "PFMP 2" --learner "ACCARDO Aline" --days mar-sam`,
    )
    .action(act(async (ctx, opts: { period: string; learner?: string; hours?: number; days?: string }) => {
      if (opts.hours === undefined && opts.days === undefined) throw new UsageError('donnez --hours et/ou --days');
      let weekdays: number[] | undefined;
      if (opts.days !== undefined) {
        const parsed = parseWeekdays(opts.days);
        if (!parsed) throw new UsageError(`jours invalides « ${opts.days} » : par exemple lun-ven, mar-sam ou lun,mar,jeu,ven`);
        weekdays = parsed;
      }
      const r = await setSchedule(await ctx.store(), opts.period, { learner: opts.learner, dailyHours: opts.hours, weekdays });
      ctx.io.report(r, (r) =>
        `Horaire de « ${r.period.name} » (${r.period.class}) : ${plural(r.changed, 'apprenant modifié', 'apprenants modifiés')}, ${r.unchanged} inchangé${r.unchanged > 1 ? 's' : ''}.` +
        (r.unconfirmed ? `\n${plural(r.unconfirmed, 'présence', 'présences')} à confirmer de nouveau.` : ''),
      );
      if (!ctx.io.json) for (const m of r.minors) ctx.io.warn(`${m.learner}, mineur : ${m.issues.join(' ; ')}`);
    }));

  group
    .command('show')
    .description('affiche, par apprenant, les jours prévus et effectués, les heures, les absences et la confirmation')
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .option('--learner <apprenant>', 'un seul apprenant')
    .addHelpText('after', '\nExemples :\n  $ cpro attendance show --period "PFMP 2"\n  $ cpro attendance show --period 2 --json')
    .action(act(async (ctx, opts: { period: string; learner?: string }) => {
      const r = await showAttendance(await ctx.store(), opts.period, opts.learner);
      ctx.io.result(
        {
          period: r.period,
          holidays: r.holidays,
          learners: r.learners,
        },
        () => formatShow(ctx.io, r),
      );
    }));

  group
    .command('confirm')
    .description("confirme la présence (jours et heures) d'un apprenant ou de toute la période : l'attestation porte alors les heures")
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .option('--learner <apprenant>', 'un seul apprenant')
    .option('--undo', 'annule la confirmation')
    .addHelpText('after', '\nExemples :\n  $ cpro attendance confirm --period "PFMP 2"\n  $ cpro attendance confirm --period 2 --learner "ACCARDO Aline" --undo')
    .action(act(async (ctx, opts: { period: string; learner?: string; undo?: boolean }) => {
      const r = await confirmAttendance(await ctx.store(), opts.period, { learner: opts.learner, undo: opts.undo });
      ctx.io.report(r, (r) =>
        r.undone
          ? `Confirmation annulée pour ${plural(r.confirmed, 'apprenant')} de « ${r.period.name} » (${r.period.class})` + (r.unchanged ? ` ; ${r.unchanged} n'étai${r.unchanged > 1 ? 'ent' : 't'} pas confirmé${r.unchanged > 1 ? 's' : ''}.` : '.')
          : `Présence confirmée pour ${plural(r.confirmed, 'apprenant')} de « ${r.period.name} » (${r.period.class})` + (r.unchanged ? ` ; ${r.unchanged} déjà confirmé${r.unchanged > 1 ? 's' : ''}.` : '.'),
      );
    }));
}

function formatChange(io: IO, r: AbsenceChange, removing = false): string {
  const who = `${r.learner.lastName} ${r.learner.firstName}`;
  const day = shortFrenchDate(r.date);
  const text = {
    created: `Absence du ${day} enregistrée pour ${who}.`,
    updated: `Absence du ${day} modifiée pour ${who}.`,
    unchanged: removing
      ? `Aucune absence le ${day} pour ${who} : rien à retirer.`
      : `Aucun changement : cette absence du ${day} était déjà enregistrée pour ${who}.`,
    removed: `Absence du ${day} retirée pour ${who}.`,
  }[r.change];
  return text + (r.unconfirmed ? `\n${io.c('yellow', 'La présence était confirmée : confirmez-la de nouveau (cpro attendance confirm).')}` : '');
}

function formatImport(io: IO, r: AbsenceImportReport, dryRun: boolean): string {
  if (r.errors.length) return '';
  const c = r.absences;
  const head = dryRun
    ? "Simulation (--dry-run) : rien n'a été écrit. L'import des absences ferait :"
    : c.created + c.updated === 0
      ? 'Aucun changement : les absences étaient déjà enregistrées.'
      : 'Import des absences terminé :';
  return (
    `${head}\n  ${io.c('green', `${c.created} ajoutée${c.created > 1 ? 's' : ''}`)}, ${io.c('yellow', `${c.updated} modifiée${c.updated > 1 ? 's' : ''}`)}, ` +
    `${c.unchanged} inchangée${c.unchanged > 1 ? 's' : ''}` +
    (r.unconfirmed.length ? `\nPrésence à confirmer de nouveau : ${r.unconfirmed.map((u) => `${u.learner} (${u.period})`).join(', ')}` : '')
  );
}

function formatShow(io: IO, r: AttendanceReport): string {
  const head =
    io.c('bold', `Présence — ${r.period.name} (${r.period.class})`) + ` du ${shortFrenchDate(r.period.start)} au ${shortFrenchDate(r.period.end)}` +
    (r.holidays.length ? `\nJours fériés : ${r.holidays.map((h) => `${h.name} (${shortFrenchDate(h.date)})`).join(', ')}` : '');
  const rows = r.learners.map((l) => [
    `${l.learner.lastName} ${l.learner.firstName}`,
    String(l.daysPlanned),
    formatHours(l.daysDone),
    `${formatHours(l.hours)} h` + (l.scheduleKnown ? '' : io.c('dim', ' (7 h/j)')),
    l.absences.length ? l.absences.map((a) => `${shortFrenchDate(a.date).slice(0, 5)} ${a.length}`).join(', ') : '—',
    l.confirmed ? io.c('green', `oui (${l.confirmedBy}, ${shortFrenchDate(frenchDay(l.confirmedAt!))})`) : io.c('yellow', 'non'),
    l.gratification.due ? io.c('yellow', `due (${formatHours(l.gratification.cumulatedHours)} h)`) : '—',
  ]);
  const notes: string[] = [];
  for (const l of r.learners) {
    if (l.minorIssues.length) notes.push(io.c('yellow', `${l.learner.lastName} ${l.learner.firstName}, mineur : ${l.minorIssues.join(' ; ')}`));
    if (l.gratification.due) {
      const rate = l.gratification.hourlyMinimum;
      notes.push(
        `${l.learner.lastName} ${l.learner.firstName} : gratification due, ${formatHours(l.gratification.cumulatedHours)} h chez le même organisme cette année scolaire ` +
          `(au-delà de 308 h)${rate !== null ? ` ; minimum légal ${String(rate.toFixed(2)).replace('.', ',')} € de l'heure` : ''}.`,
      );
    }
  }
  const confirmed = r.learners.filter((l) => l.confirmed).length;
  return [
    head,
    '',
    table(['Apprenant', 'Jours prévus', 'Jours effectués', 'Heures', 'Absences', 'Confirmée', 'Gratification'], rows),
    '',
    `Présences confirmées : ${confirmed}/${r.learners.length}.`,
    ...notes,
  ].join('\n');
}
