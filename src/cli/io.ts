// Output streams of one command run: results on stdout (text or --json), messages and progress on stderr.
// Colour through chalk, one instance per stream with that stream's own level: on a terminal, as deep as the
// terminal says (TERM, COLORTERM), never with NO_COLOR nor TERM=dumb; FORCE_COLOR=0…3 forces a level, pipes too.
import type { Writable } from 'node:stream';
import { Chalk, type ChalkInstance, type ColorSupportLevel } from 'chalk';

export interface IOOptions {
  json: boolean;
  quiet: boolean;
  stdout?: OutStream;
  stderr?: OutStream;
  env?: NodeJS.ProcessEnv;
}

/** A stream as Node gives it: a tty.WriteStream knows its colour depth. */
type OutStream = Writable & { isTTY?: boolean; getColorDepth?: (env?: NodeJS.ProcessEnv) => number };

export type Colour = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray';

/** The colour level of a stream under the usual conventions (see the module comment). */
export function colourLevel(stream: OutStream, env: NodeJS.ProcessEnv): ColorSupportLevel {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    return (['1', '2', '3'].includes(force) ? Number(force) : 1) as ColorSupportLevel;
  }
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  const depth = stream.getColorDepth?.(env) ?? 4;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
}

export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

export class IO {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** chalk for stdout and for stderr, each at its stream's level (level 0: plain text). */
  readonly chalk: ChalkInstance;
  readonly chalkErr: ChalkInstance;
  readonly colour: boolean;
  readonly errColour: boolean;
  readonly stdinIsTTY: boolean;

  constructor(opts: IOOptions) {
    this.json = opts.json;
    this.quiet = opts.quiet;
    this.stdout = opts.stdout ?? process.stdout;
    this.stderr = opts.stderr ?? process.stderr;
    const env = opts.env ?? process.env;
    this.chalk = new Chalk({ level: colourLevel(this.stdout, env) });
    this.chalkErr = new Chalk({ level: colourLevel(this.stderr, env) });
    this.colour = this.chalk.level > 0;
    this.errColour = this.chalkErr.level > 0;
    this.stdinIsTTY = !!process.stdin.isTTY;
  }

  /** Wraps text in an ANSI colour when stdout is a colour terminal. */
  c(colour: Colour, text: string): string {
    return this.chalk[colour](text);
  }
  /** Same for stderr. */
  ce(colour: Colour, text: string): string {
    return this.chalkErr[colour](text);
  }

  /** The command's result: JSON with --json, otherwise the French text from `format`. */
  result<T>(data: T, format: (data: T) => string): void {
    if (this.json) {
      this.stdout.write(JSON.stringify(data, null, 2) + '\n'); // JSON escapes every control character
    } else {
      const text = terminalSafe(format(data), this.colour);
      if (text) this.stdout.write(text.endsWith('\n') ? text : text + '\n');
    }
  }

  /** A summary of what a command did: like result(), but silenced by --quiet in text mode. */
  report<T>(data: T, format: (data: T) => string): void {
    if (this.json || !this.quiet) this.result(data, format);
  }

  /** Human text on stdout; nothing with --json. */
  out(text: string): void {
    text = terminalSafe(text, this.colour);
    if (!this.json) this.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** Informational message on stderr, silenced by --quiet. */
  info(text: string): void {
    if (!this.quiet) this.stderr.write(terminalSafe(text, this.errColour) + '\n');
  }

  /** Warning on stderr (even with --quiet: it tells the user something is off). */
  warn(text: string): void {
    this.stderr.write(this.ce('yellow', 'attention : ') + terminalSafe(text, this.errColour) + '\n');
  }

  error(text: string): void {
    this.stderr.write(this.ce('red', 'erreur : ') + terminalSafe(text, this.errColour) + '\n');
  }

  /** A progress bar on stderr for batches; silent unless stderr is a terminal. */
  progress(total: number, label: string): Progress {
    if (this.quiet || !this.stderr.isTTY || total < 2) return { tick() {}, stop() {} };
    let done = 0;
    const width = 30;
    const draw = (item = '') => {
      const filled = Math.round((done / total) * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      this.stderr.write(`\r\x1b[2K${label} ${bar} ${done}/${total} ${item}`.slice(0, 200));
    };
    draw();
    return {
      tick: (item?: string) => {
        done++;
        draw(terminalSafe(item ?? '', false));
      },
      stop: () => {
        this.stderr.write('\r\x1b[2K');
      },
    };
  }
}

/**
 * Text as it may reach a terminal: stored data (a name, a company) could carry escape sequences that retitle the
 * window, clear the screen or hide text. Every control character except newline and tab is shown as « � »; only
 * colour sequences (SGR, « ESC [ … m ») are kept, and only when colour is on.
 */
export function terminalSafe(text: string, colour: boolean): string {
  if (!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text)) return text;
  return text.replace(/\x1b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (m) =>
    m.length > 1 ? (colour ? m : '') : '\ufffd',
  );
}

/** Plain-text table with columns padded to their widest cell (ANSI codes ignored for widths). */
export function table(headers: string[], rows: string[][]): string {
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths = headers.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i] - visible(c))))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}
