// Answers 4/3/2/1/0/NE in their colours (green, yellow, orange, red, grey, blue) — only when the IO allows colour.
import type { ChalkInstance } from 'chalk';
import type { IO } from './io.js';
import type { Level } from '../domain/evaluation.js';

// Orange has no basic ANSI colour: the 256-colour palette's 208, or bright red on a 16-colour terminal.
const PAINT: Record<Level, (c: ChalkInstance) => ChalkInstance> = {
  '4': (c) => c.bold.green,
  '3': (c) => c.bold.yellow,
  '2': (c) => (c.level >= 2 ? c.bold.ansi256(208) : c.bold.redBright),
  '1': (c) => c.bold.red,
  '0': (c) => c.bold.gray,
  NE: (c) => c.bold.blue,
};

/** The answer as printed on stdout: coloured on a colour terminal, plain otherwise (pipes, NO_COLOR). */
export function paintLevel(io: IO, level: Level | null | undefined, text: string = level ?? ''): string {
  if (!level) return text;
  return PAINT[level](io.chalk)(text);
}
