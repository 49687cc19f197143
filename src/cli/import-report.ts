// The one way every CSV import command reports: the plan (or the errors) as --json or French text, warnings on
// stderr, then exit 1 when the file had errors. A file that cannot be read at all gives the same JSON shape.
import { DataErrors, UserError, type DataError } from '../domain/errors.js';
import type { IO } from './io.js';

export interface ImportReportLike {
  warnings: string[];
  errors: DataError[];
}

export async function reportImport<R extends ImportReportLike>(
  io: IO,
  run: () => Promise<R>,
  empty: (errors: DataError[]) => R,
  format: (report: R) => string,
): Promise<void> {
  let report: R;
  let fatal: UserError | undefined;
  try {
    report = await run();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    fatal = e;
    report = empty(e instanceof DataErrors ? e.errors : [{ message: e.message }]);
  }
  io.report(report, format);
  if (!io.json) for (const w of report.warnings) io.warn(w);
  if (fatal) throw fatal;
  if (report.errors.length) throw new DataErrors(report.errors);
}
