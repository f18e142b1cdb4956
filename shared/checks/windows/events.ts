/** The System-log events the checks count (Remote Desktop connection manager, Schannel). */
import { z } from 'zod';
import { sectionProblemsSchema } from './ids';

export const WATCHED_EVENTS = [
  // 1006: a flood of incomplete connections; 1012: a client exceeded the failed logon attempts;
  // 1061-1065: the certificate from a Group Policy certificate template (rules/windows/templateCertificate.ts) (11.14).
  { provider: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', ids: [1006, 1012, 1050, 1051, 1052, 1053, 1054, 1055, 1056, 1057, 1058, 1059, 1061, 1062, 1063, 1064, 1065] },
  // 36872: no suitable default server credential (no usable certificate) (11.14).
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
