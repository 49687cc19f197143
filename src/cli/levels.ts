// Answers 4/3/2/1/0/NE in their colours (green, yellow, orange, red, grey, blue) — only when the IO allows colour.
import type { IO } from './io.js';
import type { Level } from '../domain/evaluation.js';

// Orange has no basic ANSI colour: the 256-colour palette's 208 is used, which every current terminal knows.
const SGR: Record<Level, string> = {
  '4': '1;32',
  '3': '1;33',
  '2': '1;38;5;208',
  '1': '1;31',
  '0': '1;90',
  NE: '1;34',
};

/** The answer as printed on stdout: coloured on a colour terminal, plain otherwise (pipes, NO_COLOR). */
export function paintLevel(io: IO, level: Level | null | undefined, text: string = level ?? ''): string {
  if (!level || !io.colour) return text;
  return `\x1b[${SGR[level]}m${text}\x1b[0m`;
}
