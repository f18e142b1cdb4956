/**
 * "IP instead of host name": each resolved address through TCP + X.224 + TLS, to compare them,
 * and the names the answering machine gives about itself (NTLM, certificate).
 */
import type { AddressingData } from '../../../shared/checks/net';
import { credsspDataSchema, NET_CHECK_IDS, tlsDataSchema } from '../../../shared/checks/net';
import type { CheckResult } from '../../../shared/model';
import { fullHandshake } from './handshake';
import { mapLimited, type ProbeOptions } from './io';

export interface AddressingOptions extends ProbeOptions {
  requestedProtocols?: number;
  /** Names already known from earlier checks (NTLM, certificate). */
  knownNames?: readonly string[];
  servername?: string;
  cookie?: string;
  concurrency?: number;
}

/** Unique names, case-insensitively, in first-seen order; empty and IP-looking names dropped. */
export function uniqueNames(names: readonly (string | undefined)[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of names) {
    const trimmed = name?.trim();
    if (!trimmed) continue;
    const key = trimmed.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(trimmed);
  }
  return out;
}

/** Names the server gave about itself in earlier results: NTLM computer names, certificate CN and DNS SANs. */
export function answeringNamesFrom(results: readonly CheckResult[]): string[] {
  const names: Array<string | undefined> = [];
  for (const result of results) {
    if (result.id === NET_CHECK_IDS.credssp) {
      const parsed = credsspDataSchema.safeParse(result.data);
      if (parsed.success && parsed.data.ntlm) names.push(parsed.data.ntlm.dnsComputer, parsed.data.ntlm.netbiosComputer);
    } else if (result.id === NET_CHECK_IDS.tls) {
      const parsed = tlsDataSchema.safeParse(result.data);
      const cert = parsed.success ? parsed.data.certificate : undefined;
      if (cert) names.push(...(cert.subjectCN ? cert.subjectCN.split(', ') : []), ...cert.dnsNames);
    }
  }
  return uniqueNames(names);
}

/** Handshake per address (small concurrency). Never throws. */
export async function probeAddressing(
  name: string,
  addresses: ReadonlyArray<{ address: string; family: 4 | 6 }>,
  port: number,
  options: AddressingOptions,
): Promise<AddressingData> {
  const results = await mapLimited(addresses, options.concurrency ?? 2, (entry) =>
    fullHandshake(entry.address, port, {
      timeoutMs: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.requestedProtocols !== undefined ? { requestedProtocols: options.requestedProtocols } : {}),
      ...(options.servername ? { servername: options.servername } : {}),
      ...(options.cookie !== undefined ? { cookie: options.cookie } : {}),
    }),
  );
  const rows = addresses.map((entry, i) => {
    const r = results[i]!;
    return { address: entry.address, family: entry.family, ok: r.attempt.ok, stage: r.attempt.stage, outcome: r.attempt.outcome, durationMs: r.attempt.durationMs };
  });
  const working = rows.find((row) => row.ok);
  const answeringNames = uniqueNames([...(options.knownNames ?? []), ...results.flatMap((r) => r.certificateNames ?? [])]);
  return { name, addresses: rows, workingAddress: working ? working.address : null, answeringNames };
}
