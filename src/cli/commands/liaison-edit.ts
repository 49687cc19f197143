// `cpro liaison edit`: the same changes as `set`, asked one by one in a terminal, pre-filled with the current values.
// The questions come from ../prompts.ts.
import type { Context } from '../context.js';
import { asking, frenchKeys, loadPrompts, requireTerminal } from '../prompts.js';
import { terminalSafe } from '../io.js';
import { effectiveObjectives, effectiveTasks } from '../../domain/model.js';
import { allTasks } from '../../domain/referentiel.js';
import {
  LIAISON_FIELDS,
  applyLiaisonEdit,
  changeLabels,
  deName,
  fieldValue,
  normaliseFieldValue,
  parseObjectivesText,
  type LiaisonEdit,
} from '../../domain/liaison.js';
import { locateSheet, saveSheetEdit, type SheetChangeReport } from '../../services/liaison/liaison.js';

/** What the teacher types to empty a field (an empty answer keeps the current value, as inquirer does). */
const CLEAR = '-';

export async function editLiaisonInteractively(
  ctx: Context,
  periodRef: string,
  learnerRef: string,
): Promise<SheetChangeReport | undefined> {
  const io = ctx.io;
  requireTerminal(
    io,
    '« cpro liaison edit » pose ses questions dans un terminal interactif, absent ici ; ' +
      `utilisez « cpro liaison set --period "${periodRef ?? '…'}" --learner "${learnerRef}" clé=valeur… » (voir « cpro liaison set --help »)`,
  );
  const located = await locateSheet(await ctx.store(), periodRef, learnerRef);
  const { period, learner, sheet, ref } = located;
  const { input, checkbox, select, confirm, editText } = await loadPrompts();

  io.stdout.write(
    terminalSafe(io.c('bold', `Fiche de liaison ${deName(`${learner.firstName} ${learner.lastName}`)} — ${period.name} (${period.className})`) +
      '\n' +
      io.c('dim', `Entrée garde la valeur proposée ; corrigez-la sur place, ou tapez « ${CLEAR} » pour effacer le champ. Ctrl+C abandonne.`) +
      '\n', io.colour),
  );
  return asking(async () => {
    const edit: LiaisonEdit = { fields: [] };
    let section = '';
    for (const f of LIAISON_FIELDS) {
      if (f.section !== section) {
        section = f.section;
        const title = f.section === 'company' ? "Entreprise d'accueil" : learner.status === 'Apprenti' ? "Maître d'apprentissage" : 'Tuteur';
        io.stdout.write(`\n${io.c('bold', title)}\n`);
      }
      const answer = await input({
        message: f.title,
        default: fieldValue(sheet, f) ?? '',
        prefill: 'editable',
        validate: (v) => {
          if (v.trim() === CLEAR) return true;
          const r = normaliseFieldValue(f, v);
          return 'error' in r ? r.error : true;
        },
      });
      edit.fields!.push({ field: f, raw: answer.trim() === CLEAR ? '' : answer });
    }

    const current = new Set(effectiveTasks(sheet, period));
    const tasks = await checkbox({
      message: `Tâches confiées${sheet.ownTasks === null ? " (actuellement celles de l'annexe)" : ' (individualisées)'}`,
      choices: allTasks(ref).map((t) => ({ value: t.code, name: `${t.code}  ${t.title}`, short: t.code, checked: current.has(t.code) })),
      theme: frenchKeys('cocher'),
      pageSize: 12,
      loop: false,
    });
    // Codes that the référentiel no longer knows cannot be ticked: keep them rather than lose them silently.
    const unknown = [...current].filter((c) => !allTasks(ref).some((t) => t.code === c));
    edit.tasks = [...tasks, ...unknown];

    const objectivesNow = effectiveObjectives(sheet, period);
    const choice = await select({
      message: `Objectifs de formation (${objectivesNow.length}, ${sheet.ownObjectives === null ? "ceux de l'annexe" : 'individualisés'})`,
      theme: frenchKeys('choisir'),
      choices: [
        { name: 'les garder', value: 'keep' },
        { name: 'les modifier (un objectif par ligne)', value: 'edit' },
        ...(sheet.ownObjectives !== null ? [{ name: "revenir à ceux de l'annexe", value: 'reset' }] : []),
      ],
    });
    if (choice === 'reset') edit.resetObjectives = true;
    if (choice === 'edit') {
      const text = await editText(io, { message: 'Objectifs de formation', default: objectivesNow.join('\n') + '\n' });
      edit.objectives = parseObjectivesText(text);
    }

    const preview = applyLiaisonEdit(sheet, period, ref, edit);
    const changes = changeLabels(sheet, preview.sheet);
    if (preview.errors.length === 0 && changes.length === 0) return saveSheetEdit(await ctx.store(), located, edit);
    if (preview.errors.length === 0) {
      io.stdout.write(`\nModifications : ${changes.join(', ')}.\n`);
      const save = await confirm({ message: 'Enregistrer ces modifications ?', default: true });
      if (!save) {
        io.info("Rien n'a été enregistré.");
        return undefined;
      }
    }
    return saveSheetEdit(await ctx.store(), located, edit);
  });
}
