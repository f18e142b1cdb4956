/** The System-log events the checks count (Remote Desktop connection manager, Schannel). */
import { z } from 'zod';
import { sectionProblemsSchema } from './ids';

/**
 * The one list of the events the checks read (checks/events.ps1 is given it as input, the manual
 * command of check-server-events is written from it). At most 20 ids a provider: Windows refuses an
 * event query with too many alternatives.
 */
export const WATCHED_EVENTS = [
  // 1006: a flood of incomplete connections; 1012: a client exceeded the failed logon attempts;
  // 1050-1059: the listener's certificate and its key (1057: the key file cannot be read or created);
  // 1061-1065: the certificate from a Group Policy certificate template (rules/windows/templateCertificate.ts) (11.14):
  // 1062 wrong subject name, 1063 a new one installed, 1064 could not be installed, 1065 expired and not
  // replaced; 1061 is not documented (its message is shown as Windows wrote it).
  { provider: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', ids: [1006, 1012, 1050, 1051, 1052, 1053, 1054, 1055, 1056, 1057, 1058, 1059, 1061, 1062, 1063, 1064, 1065] },
  // 36870/36871: the private key or the TLS credential could not be used; 36872: no suitable default
  // server credential (no usable certificate) (11.14); 36874: no cipher suite in common; 36887/36888: TLS alerts.
  { provider: 'Schannel', ids: [36870, 36871, 36872, 36874, 36887, 36888] },
] as const;

export const eventGroupSchema = z.object({
  provider: z.string(),
  id: z.number(),
  count: z.number(),
  latestTime: z.string().nullable(),
  latestMessage: z.string().nullable(),
  /** 36887/36888: TLS alert codes seen (first event property). */
  alertCodes: z.array(z.number()),
  /** Count reached the query's cap: there may be more. */
  capped: z.boolean(),
});
export type EventGroup = z.infer<typeof eventGroupSchema>;
export const eventsDataSchema = z.object({
  days: z.number(),
  since: z.string().nullable(),
  groups: z.array(eventGroupSchema),
  totalEvents: z.number(),
  problems: sectionProblemsSchema,
});
export type EventsData = z.infer<typeof eventsDataSchema>;
