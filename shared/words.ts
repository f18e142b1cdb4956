/**
 * Small wording helpers shared by the app, the reports and the command line: counts with the right
 * plural, and dates as people write them. Dates are in UTC with English month names, so a report
 * reads the same wherever it is opened (and a test gets the same text on every machine).
 */

/** "1 problem", "2 problems", "0 risks". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A count in a summary line: "1 problem", "2 risks", and "no risks" for none. */
export function count(n: number, one: string, many = `${one}s`): string {
  return n === 0 ? `no ${many}` : plural(n, one, many);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function parse(value: string | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "1 January 2021" (UTC). Text that is not a date comes back as given. */
export function humanDate(value: string | Date): string {
  const d = parse(value);
  if (!d) return String(value);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "3 December 2026, 07:35 UTC". Text that is not a date comes back as given. */
export function humanDateTime(value: string | Date): string {
  const d = parse(value);
  if (!d) return String(value);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${humanDate(d)}, ${hh}:${mm} UTC`;
}

const PLATFORM_NAMES: Record<string, string> = { win32: 'Windows', darwin: 'macOS', linux: 'Linux', freebsd: 'FreeBSD', openbsd: 'OpenBSD' };

/** "Linux" for process.platform's "linux"; an unknown one as given. */
export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/** A duration as people read it: "<1 ms", "850 ms", "2.5 s", "12 s", "1 min 5 s"; "—" when unknown. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}
