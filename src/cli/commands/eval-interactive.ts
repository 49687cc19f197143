// `cpro eval entreprise|attitudes`: the grid asked question by question in a terminal, pre-filled with what is
// recorded. Each level is picked by its own key (« 3 » is level 3); the questions come from ../prompts.ts.
import type { Context } from '../context.js';
import { terminalSafe } from '../io.js';
import { paintLevel } from '../levels.js';
import { asking, loadPrompts, requireTerminal, type KeyedChoice } from '../prompts.js';
import { UserError } from '../../domain/errors.js';
import { deName } from '../../domain/text.js';
import { parseDate, shortFrenchDate } from '../../domain/dates.js';
import {
  LEVELS,
  isCertificative,
  LEVEL_COLOURS,
  TYPE_LABELS,
  canonicalEvaluation,
  engagementStars,
  evaluationChanges,
  evaluationItems,
  evaluationLockReason,
  sameEvaluation,
  type EvaluationContent,
  type EvaluationMode,
  type EvaluationType,
  type Level,
} from '../../domain/evaluation.js';
import { fullName, effectiveTasks } from '../../domain/model.js';
import { TEACHER_ENTRY } from '../../domain/portal.js';
import { allTasks, examUnit } from '../../domain/referentiel.js';
import {
  assertTypeAllowed,
  currentEvaluation,
  locatePlacement,
  saveEvaluation,
  versionOf,
  type SaveResult,
} from '../../services/evaluations/evaluations.js';

/** What the teacher types to empty the comment (an empty answer keeps the proposed text). */
const CLEAR = '-';
const NONE = '';

export async function evaluateInteractively(
  ctx: Context,
  type: EvaluationType,
  periodRef: string,
  learnerRef: string,
): Promise<SaveResult | undefined> {
  const io = ctx.io;
  requireTerminal(
    io,
    `« cpro eval ${type} » pose ses questions dans un terminal interactif, absent ici ; pour un script, ` +
      `utilisez « cpro eval import <fichier.csv> --period "${periodRef ?? '…'}" --type ${type} » (voir « cpro eval import --help »)`,
  );
  const store = await ctx.store();
  const p = await locatePlacement(store, periodRef, learnerRef);
  assertTypeAllowed(p.period, type, p.ref);
  const { content: before, lockReason, recorded } = await currentEvaluation(store, p, type);
  // Checked when saving: someone else's save during the questions is refused, never overwritten.
  const readVersion = versionOf(recorded);
  const save = (after: EvaluationContent) => saveEvaluation(store, p, type, after, new Date(), TEACHER_ENTRY, readVersion);
  if (lockReason) throw new UserError(`${fullName(p.learner)}, « ${p.period.name} » : ${lockReason}`);
  const { checkbox, select, input, confirm, keyedSelect, editText } = await loadPrompts();
  const dim = (s: string) => io.c('dim', s);
  const selectTheme = { style: { keysHelpTip: () => dim('↑↓ choisir • ⏎ valider') } };

  const label = TYPE_LABELS[type];
  io.stdout.write(
    terminalSafe(io.c('bold', `${label.charAt(0).toUpperCase() + label.slice(1)} ${deName(fullName(p.learner))} — ${p.period.name} (${p.period.className})`) +
      '\n' +
      dim('Chaque question propose ce qui est enregistré : Entrée le garde. Ctrl+C abandonne sans rien enregistrer.') +
      '\n', io.colour),
  );

  // A certificative grid offers its exam unit's scale, with the wording of the exam grid; each step is picked by
  // its own key too (« 3 » is step 3, « n » is NE).
  const unit = isCertificative(type) ? examUnit(p.ref, type) : undefined;
  const keyOf = (code: string) => (code === 'NE' ? 'n' : code.toLowerCase());
  const levelChoices: KeyedChoice<Level | typeof NONE>[] = [
    ...(unit
      ? unit.scale.map((st) => ({
          value: st.code as Level | typeof NONE,
          name: `${paintLevel(io, st.code, st.code.padEnd(2))}  ${st.title}`,
          short: paintLevel(io, st.code),
          key: keyOf(st.code),
        }))
      : []),
    ...(unit ? [] : LEVELS).map((l) => ({
      value: l as Level | typeof NONE,
      name: `${paintLevel(io, l, l.padEnd(2))}  ${l === 'NE' ? `non évaluable (${LEVEL_COLOURS[l].name})` : LEVEL_COLOURS[l].name}`,
      short: paintLevel(io, l),
      key: keyOf(l),
    })),
    { value: NONE as Level | typeof NONE, name: '—   sans réponse', short: '—', key: '-' },
  ];
  const digits = (unit ? unit.scale.map((st) => st.code) : LEVELS).filter((c) => c !== 'NE').join(' ');
  const levelHelp = dim(`${digits} : ce niveau • n : ${unit ? 'non évalué' : 'non évaluable'} • - : sans réponse • ↑↓ se déplacer • ⏎ valider`);
  const firstLevel = (unit ? unit.scale[0].code : LEVELS[0]) as Level;
  // The cursor starts on the recorded answer, else on the first level (never on « sans réponse »).
  const askLevel = async (code: string, title: string, indent: boolean, current: Level | undefined) =>
    keyedSelect({
      message: `${indent ? '  ' : ''}${code}  ${title}`,
      choices: levelChoices,
      default: current ?? firstLevel,
      help: levelHelp,
    });

  return asking(async () => {
    const next: EvaluationContent = { ...before, levels: {}, modes: { ...before.modes } };

    if (type === 'entreprise') {
      const sheet = await store.sheets.get(p.assignmentId);
      const entrusted = new Set(sheet ? effectiveTasks(sheet, p.period) : p.period.tasks);
      const done = new Set(before.tasksDone);
      io.stdout.write(`\n${io.c('bold', 'Tâches')}\n`);
      const tasks = await checkbox({
        message: 'Tâches mises en œuvre sur la période',
        choices: allTasks(p.ref).map((t) => ({
          value: t.code,
          name: `${t.code}  ${t.title}${entrusted.has(t.code) ? dim('  (confiée)') : ''}`,
          short: t.code,
          checked: done.has(t.code),
        })),
        pageSize: 12,
        loop: false,
        theme: { style: { keysHelpTip: () => dim('↑↓ se déplacer • espace cocher • ⏎ valider') } },
      });
      // Codes that the référentiel no longer knows cannot be ticked: keep them rather than lose them silently.
      const known = new Set(allTasks(p.ref).map((t) => t.code));
      next.tasksDone = [...tasks, ...before.tasksDone.filter((c) => !known.has(c))];
    }

    io.stdout.write(`\n${io.c('bold', type === 'entreprise' ? 'Compétences' : unit ? `Critères — ${unit.title}` : 'Attitudes professionnelles')}\n`);
    const items = evaluationItems(p.ref, type);
    for (const item of items.filter((i) => i.parent === null)) {
      let mode: EvaluationMode = 'global';
      if (item.details.length) {
        mode = await select<EvaluationMode>({
          message: `${item.code}  ${item.title} — évaluation`,
          choices: [
            { value: 'global', name: 'globale' },
            { value: 'detailed', name: `par compétences détaillées (${item.details.join(', ')})` },
          ],
          default: before.modes[item.code] ?? 'global',
          theme: selectTheme,
        });
        next.modes[item.code] = mode;
      }
      const asked = mode === 'global' ? [item] : items.filter((i) => i.parent === item.code);
      for (const i of asked) {
        const level = await askLevel(i.code, i.title, i.parent !== null, before.levels[i.code]);
        if (level !== NONE) next.levels[i.code] = level;
      }
    }
    // Answers to codes that the référentiel no longer knows are kept as they are.
    const known = new Set(items.map((i) => i.code));
    for (const [code, level] of Object.entries(before.levels)) if (!known.has(code)) next.levels[code] = level;

    io.stdout.write('\n');
    if (type === 'entreprise') {
      const engagement = await keyedSelect<number | null>({
        message: "Engagement de l'apprenant sur la période",
        choices: [
          ...[4, 3, 2, 1].map((n) => ({ value: n as number | null, name: `${engagementStars(n)}  ${n}/4`, short: engagementStars(n), key: String(n) })),
          { value: null, name: '—     sans réponse', short: '—', key: '-' },
        ],
        default: before.engagement ?? 4,
        help: dim('4 3 2 1 : ce nombre d\'étoiles • - : sans réponse • ↑↓ se déplacer • ⏎ valider'),
      });
      next.engagement = engagement;
    }

    const dateText = await input({
      message: 'Date de la rencontre (jj/mm/aaaa)',
      default: shortFrenchDate(before.meetingDate),
      prefill: 'editable',
      validate: (v) => {
        const d = parseDate(v);
        if (!d) return 'date invalide : jj/mm/aaaa';
        if (d < p.period.start) return `la date précède le début de la période (${shortFrenchDate(p.period.start)})`;
        return evaluationLockReason(type, null, d, p.latestBilanIntermediaire) ?? true;
      },
    });
    next.meetingDate = parseDate(dateText)!;

    if (before.comment?.includes('\n')) {
      const text = await editText(io, { message: 'Commentaire (plusieurs lignes)', default: before.comment + '\n' });
      next.comment = text.trim() || null;
    } else {
      const text = await input({
        message: `Commentaire (« ${CLEAR} » pour l'effacer)`,
        default: before.comment ?? '',
        prefill: 'editable',
      });
      next.comment = text.trim() === CLEAR ? null : text.trim() || null;
    }

    const after = canonicalEvaluation(p.ref, type, next);
    if (sameEvaluation(before, after)) return save(after);
    const changes = evaluationChanges(before, after);
    if (changes.length) io.stdout.write(`\nModifications : ${changes.join(', ')}.\n`);
    if (!(await confirm({ message: 'Enregistrer ?', default: true }))) {
      io.info("Rien n'a été enregistré.");
      return undefined;
    }
    return save(after);
  });
}
