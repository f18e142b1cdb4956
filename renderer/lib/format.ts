/** Formatting for durations, dates and protocol values, in the user's words. */
import { PROTOCOL } from '../../shared/checks/net';

/** Durations as the catalogue and the reports write them (shared/words). */
export { duration as formatMs } from '../../shared/words';

/** A date and time for people, as the reports write it: "3 December 2026, 07:35 UTC" (shared/words). */
export { humanDateTime as formatDateTime, humanDate as formatDate } from '../../shared/words';

const DAY = 86_400_000;

/** Whole days from `now` to `iso` (negative: in the past). */
export function daysUntil(iso: string, now: Date = new Date()): number | null {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return null;
  const days = (t - now.getTime()) / DAY;
  // Whole days elapsed either way: 12.1 days ago is "12 days ago", not 13.
  return Math.sign(days) * Math.floor(Math.abs(days)) || 0;
}

export type Validity = 'valid' | 'expired' | 'not-yet-valid' | 'expiring-soon' | 'unknown';

/** Where a validity period stands at `now`; "expiring soon" is within `soonDays`. */
export function validityOf(validFrom: string, validTo: string, now: Date = new Date(), soonDays = 30): Validity {
  const from = new Date(validFrom).getTime();
  const to = new Date(validTo).getTime();
  if (Number.isNaN(from) || Number.isNaN(to)) return 'unknown';
  const t = now.getTime();
  if (t < from) return 'not-yet-valid';
  if (t > to) return 'expired';
  if (to - t < soonDays * DAY) return 'expiring-soon';
  return 'valid';
}

/** "in 3 days", "2 days ago", "today". */
export function relativeDays(days: number): string {
  if (days === 0) return 'today';
  const n = Math.abs(days);
  const unit = n === 1 ? 'day' : 'days';
  return days > 0 ? `in ${n} ${unit}` : `${n} ${unit} ago`;
}

/** Clock skew in words: "server is 4 min 10 s ahead". */
export function formatSkew(seconds: number): string {
  const abs = Math.abs(seconds);
  let amount: string;
  if (abs < 1) return 'clocks agree';
  if (abs < 60) amount = `${Math.round(abs)} s`;
  else if (abs < 3600) amount = `${Math.floor(abs / 60)} min ${Math.round(abs % 60)} s`;
  else if (abs < 86_400) amount = `${Math.floor(abs / 3600)} h ${Math.round((abs % 3600) / 60)} min`;
  else amount = `${Math.round(abs / 86_400)} days`;
  return `server is ${amount} ${seconds > 0 ? 'ahead' : 'behind'}`;
}

/** Names of the RDP_NEG protocol flags set in `value` ("TLS + CredSSP"). Zero is standard RDP security. */
export function protocolNames(value: number | undefined): string {
  if (value === undefined) return '—';
  if (value === PROTOCOL.RDP) return 'Standard RDP security';
  const names: string[] = [];
  if (value & PROTOCOL.SSL) names.push('TLS');
  if (value & PROTOCOL.HYBRID) names.push('CredSSP (NLA)');
  if (value & PROTOCOL.RDSTLS) names.push('RDSTLS');
  if (value & PROTOCOL.HYBRID_EX) names.push('HYBRID_EX');
  if (value & PROTOCOL.RDSAAD) names.push('RDS AAD');
  return names.length > 0 ? names.join(' + ') : `0x${value.toString(16)}`;
}

export function hex(value: number | undefined, width = 8): string {
  if (value === undefined) return '—';
  return `0x${value.toString(16).padStart(width, '0')}`;
}

/** Hex bytes grouped for reading: "03 00 00 13 0e d0 …". */
export function spacedHex(bytes: string): string {
  const clean = bytes.replace(/[^0-9a-fA-F]/g, '');
  return (clean.match(/.{1,2}/g) ?? []).join(' ');
}

export { plural } from '../../shared/words';
