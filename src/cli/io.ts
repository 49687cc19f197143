// Output streams of one command run: results on stdout (text or --json), messages and progress on stderr,
// colour only on a TTY and never with NO_COLOR.
import type { Writable } from 'node:stream';

export interface IOOptions {
  json: boolean;
  quiet: boolean;
  stdout?: Writable & { isTTY?: boolean };
  stderr?: Writable & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
} as const;
export type Colour = keyof typeof CODES;

export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

export class IO {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly colour: boolean;
  readonly errColour: boolean;
  readonly stdinIsTTY: boolean;

  constructor(opts: IOOptions) {
    this.json = opts.json;
    this.quiet = opts.quiet;
    this.stdout = opts.stdout ?? process.stdout;
    this.stderr = opts.stderr ?? process.stderr;
    const env = opts.env ?? process.env;
    const noColour = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
    this.colour = !noColour && !!this.stdout.isTTY;
    this.errColour = !noColour && !!this.stderr.isTTY;
    this.stdinIsTTY = !!process.stdin.isTTY;
  }

  /** Wraps text in an ANSI colour when stdout is a colour terminal. */
  c(colour: Colour, text: string): string {
    return this.colour ? paint(colour, text) : text;
  }
  /** Same for stderr. */
  ce(colour: Colour, text: string): string {
    return this.errColour ? paint(colour, text) : text;
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

function paint(colour: Colour, text: string): string {
  const [a, b] = CODES[colour];
  return `\x1b[${a}m${text}\x1b[${b}m`;
}

/** "1 semaine", "3 semaines": a count with its noun in the right number. */
export const plural = (n: number, one: string, many = one + 's') => `${n} ${n > 1 ? many : one}`;

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
