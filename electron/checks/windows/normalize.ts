/**
 * Reading what ConvertTo-Json produced, whatever its quirks: a one-element array comes out as a
 * bare object, an empty one as null (from a pipeline), Windows PowerShell 5.1 may wrap arrays as
 * {"value": [...], "Count": n}, dates as "\/Date(ms)\/", enums as numbers or names, booleans as
 * "True"/"False" strings. Every helper is total: it returns a safe value or null, never throws.
 */
import { z } from 'zod';
import type { FirewallProfile, FirewallProfileName, FirewallRule } from '../../../shared/checks/windows/firewall';
import type { SectionProblem } from '../../../shared/checks/windows/ids';
import { sectionProblem } from '../../powershell/outcome';

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** null → [], one object → [object], {value:[...],Count:n} → [...], array → array. */
export function asArray(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (isRecord(value) && Array.isArray(value.value) && 'Count' in value) return value.value as unknown[];
  return [value];
}

export function asRecords(value: unknown): Json[] {
  return asArray(value).filter(isRecord);
}

export function str(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

export function text(value: unknown, fallback = ''): string {
  return str(value) ?? fallback;
}

/** Numbers, numeric strings ("22631", "0x18") → number; anything else → null. */
export function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const t = value.trim();
    if (/^-?\d+$/.test(t)) return Number(t);
    if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t.slice(2), 16);
  }
  return null;
}

/** true/false, "True"/"False", 1/0; "NotConfigured" and the rest → null. */
export function bool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (t === 'true' || t === '1') return true;
    if (t === 'false' || t === '0') return false;
  }
  return null;
}

/** ISO strings stay; "\/Date(1700000000000)\/" becomes ISO; unreadable → null. */
export function isoDate(value: unknown): string | null {
  const s = str(value);
  if (!s) return null;
  const ms = /^\/?Date\((-?\d+)(?:[+-]\d{4})?\)\/?$/.exec(s.replace(/\\\//g, '/'));
  if (ms) return new Date(Number(ms[1])).toISOString();
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Hex as Windows shows thumbprints: upper-case, no separators. Byte arrays (number[]) too. */
export function hex(value: unknown): string | null {
  if (Array.isArray(value) && value.every((b) => typeof b === 'number')) {
    return value.map((b) => (b & 0xff).toString(16).padStart(2, '0')).join('').toUpperCase() || null;
  }
  const s = str(value);
  if (!s) return null;
  const h = s.replace(/[\s:-]/g, '').toUpperCase();
  return /^[0-9A-F]+$/.test(h) && h.length > 0 ? h : null;
}

// ---- script errors ------------------------------------------------------------------------------

const sectionErrorSchema = z.object({
  section: z.string().catch('script'),
  message: z.string().catch(''),
  errorId: z.string().nullish().catch(null),
  exception: z.string().nullish().catch(null),
});

export function problemsOf(raw: Json): SectionProblem[] {
  return asRecords(raw.errors).map((e) => sectionProblem(sectionErrorSchema.parse(e)));
}

/** The problem of one section, if it failed. */
export function problemIn(problems: readonly SectionProblem[], section: string): SectionProblem | undefined {
  return problems.find((p) => p.section === section);
}

// ---- firewall -----------------------------------------------------------------------------------

const PROFILE_NAMES: readonly FirewallProfileName[] = ['Domain', 'Private', 'Public'];

/** "Any" / "Domain, Private" / 7 (flags) / ["Domain","Public"] → profile names. */
export function profileNames(value: unknown): FirewallProfileName[] {
  if (typeof value === 'number') {
    if (value === 0 || value === 0x7fffffff) return [...PROFILE_NAMES];
    return PROFILE_NAMES.filter((_, i) => (value & (1 << i)) !== 0);
  }
  const parts = asArray(value)
    .flatMap((v) => text(v).split(','))
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  if (parts.includes('any') || parts.includes('all')) return [...PROFILE_NAMES];
  return PROFILE_NAMES.filter((p) => parts.includes(p.toLowerCase()) || (p === 'Domain' && parts.includes('domainauthenticated')));
}

function action(value: unknown): 'Allow' | 'Block' | 'NotConfigured' | null {
  const s = text(value).toLowerCase();
  if (s === 'allow' || s === '2') return 'Allow';
  if (s === 'block' || s === '4') return 'Block';
  if (s === 'notconfigured' || s === '0') return 'NotConfigured';
  return null;
}

export function parseProfile(raw: Json): FirewallProfile | null {
  const name = profileNames(raw.name)[0];
  if (!name || profileNames(raw.name).length !== 1) return null;
  return {
    name,
    enabled: bool(raw.enabled),
    defaultInboundAction: action(raw.defaultInboundAction),
    defaultOutboundAction: action(raw.defaultOutboundAction),
    allowInboundRules: bool(raw.allowInboundRules),
    allowLocalFirewallRules: bool(raw.allowLocalFirewallRules),
  };
}

function stringList(value: unknown, fallback: string[]): string[] {
  const list = asArray(value)
    .map((v) => str(v))
    .filter((v): v is string => v !== null && v !== '');
  return list.length > 0 ? list : fallback;
}

export function parseRule(raw: Json): FirewallRule | null {
  const name = str(raw.name);
  if (!name) return null;
  const direction = text(raw.direction).toLowerCase();
  const act = text(raw.action).toLowerCase();
  return {
    name,
    displayName: text(raw.displayName, name),
    group: text(raw.group),
    enabled: bool(raw.enabled) ?? false,
    direction: direction === 'outbound' || direction === '2' ? 'Outbound' : 'Inbound',
    action: act === 'block' || act === '4' ? 'Block' : act === 'bypass' || act === '3' ? 'Bypass' : 'Allow',
    profiles: profileNames(raw.profile ?? 'Any'),
    program: text(raw.program, 'Any') || 'Any',
    protocol: text(raw.protocol, 'Any') || 'Any',
    localPorts: stringList(raw.localPorts, ['Any']),
    remotePorts: stringList(raw.remotePorts, ['Any']),
    remoteAddresses: stringList(raw.remoteAddresses, ['Any']),
    source: text(raw.source, 'Local') || 'Local',
  };
}

export function parseRules(value: unknown): FirewallRule[] {
  return asRecords(value)
    .map(parseRule)
    .filter((r): r is FirewallRule => r !== null);
}

export function parseProfiles(value: unknown): FirewallProfile[] {
  return asRecords(value)
    .map(parseProfile)
    .filter((p): p is FirewallProfile => p !== null);
}
