/**
 * The registry of our fixed PowerShell scripts: each id, the zod schema of its input, and its text.
 * The scripts themselves are real files beside this one (Windows PowerShell 5.1 compatible, also
 * run by PowerShell 7), bundled as text at build time (esbuild's text loader; a small transform in
 * vitest.config.ts). Rules for every script:
 *  - the text is constant: it never contains anything from the target, the user or the network;
 *  - input arrives only through the prelude's Read-RdpDoctorInput (JSON from RDPDOCTOR_INPUT, or
 *    from a hash-checked file for elevated runs) and is validated again inside the script;
 *  - output is one `ConvertTo-Json -Compress` line; errors of one section are collected in
 *    `errors` so the other sections still report; a fatal error goes to stderr with exit code 1.
 * Dates are written as ISO 8601 UTC strings (5.1 would otherwise write "\/Date(...)\/").
 *
 *   language-mode.ps1 the first line of everything: Constrained Language Mode reported as the result
 *   bootstrap.ps1    the command line: checks the script file's hash and runs it
 *   prelude.ps1      shared functions every script starts with (input, output, errors)
 *   seams.ps1        every Windows-only command, behind a named function Pester can mock
 *   checks/*.ps1     read-only checks, one per check
 *   fixes/*.ps1      changes (run elevated), one per fix and one per undo; remote-repair.ps1
 */
import { z } from 'zod';
import { WATCHED_EVENTS } from '../../shared/checks/windows/events';
import LANGUAGE_MODE from './language-mode.ps1';
import PRELUDE_TEXT from './prelude.ps1';
import SEAMS_TEXT from './seams.ps1';
import CLIENT_FIREWALL from './checks/client-firewall.ps1';
import SECURITY_SUITES from './checks/security-suites.ps1';
import CREDSSP_POLICY from './checks/credssp-policy.ps1';
import SCHANNEL from './checks/schannel.ps1';
import VPN from './checks/vpn.ps1';
import NIC_POWER from './checks/nic-power.ps1';
import ACCEPTED_CERT from './checks/accepted-cert.ps1';
import LISTENER_SETTINGS from './checks/listener-settings.ps1';
import CERT_STORE from './checks/cert-store.ps1';
import KEY_FILE from './checks/key-file.ps1';
import SERVICES from './checks/services.ps1';
import SERVER_FIREWALL from './checks/server-firewall.ps1';
import EVENTS from './checks/events.ps1';
import PORT_OWNER from './checks/port-owner.ps1';
import FIX_FIREWALL_APPLY from './fixes/firewall-apply.ps1';
import FIX_FIREWALL_UNDO from './fixes/firewall-undo.ps1';
import FIX_REGENERATE_CERT from './fixes/regenerate-cert.ps1';
import FIX_REGENERATE_CERT_UNDO from './fixes/regenerate-cert-undo.ps1';
import FIX_KEYFILE_ACL from './fixes/keyfile-acl.ps1';
import FIX_KEYFILE_ACL_UNDO from './fixes/keyfile-acl-undo.ps1';
import FIX_RESET_MACHINEKEYS_ACL from './fixes/reset-machinekeys-acl.ps1';
import FIX_RESET_MACHINEKEYS_ACL_UNDO from './fixes/reset-machinekeys-acl-undo.ps1';
import FIX_REBUILD_MACHINEKEYS from './fixes/rebuild-machinekeys.ps1';
import FIX_CLEAR_CERT_HASH from './fixes/clear-cert-hash.ps1';
import FIX_CLEAR_CERT_HASH_UNDO from './fixes/clear-cert-hash-undo.ps1';
import FIX_REBUILD_MACHINEKEYS_UNDO from './fixes/rebuild-machinekeys-undo.ps1';
import FIX_SET_NLA from './fixes/set-nla.ps1';
import FIX_SET_SECURITY_LAYER from './fixes/set-security-layer.ps1';
import FIX_ENABLE_RDP from './fixes/enable-rdp.ps1';
import FIX_ENABLE_RDP_UNDO from './fixes/enable-rdp-undo.ps1';
import FIX_START_SERVICES from './fixes/start-services.ps1';
import FIX_START_SERVICES_UNDO from './fixes/start-services-undo.ps1';
import REMOTE_REPAIR from './fixes/remote-repair.ps1';

/** What every script starts with: the language-mode line, the prelude, then the seams (every Windows-only command). */
export const PRELUDE = `${LANGUAGE_MODE}\n${PRELUDE_TEXT}\n${SEAMS_TEXT}`;

// ---- registry -----------------------------------------------------------------------------------

const port = z.number().int().min(1).max(65535);
const undoId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
const thumbprint = z.string().regex(/^[0-9A-Fa-f]{40}$/);
const sid = z.string().regex(/^S-1-[0-9-]{1,180}$/);
const ruleState = z.object({ name: z.string().max(128), enabled: z.string().max(16), profile: z.string().max(64).optional() });

export const SCRIPTS = {
  'client-firewall': { input: z.object({ port }).strict(), body: CLIENT_FIREWALL },
  'security-suites': { input: z.object({}).strict(), body: SECURITY_SUITES },
  'credssp-policy': { input: z.object({}).strict(), body: CREDSSP_POLICY },
  schannel: { input: z.object({}).strict(), body: SCHANNEL },
  vpn: { input: z.object({}).strict(), body: VPN },
  'nic-power': { input: z.object({}).strict(), body: NIC_POWER },
  'accepted-cert': { input: z.object({ host: z.string().min(1).max(300), port }).strict(), body: ACCEPTED_CERT },
  'listener-settings': { input: z.object({}).strict(), body: LISTENER_SETTINGS },
  'cert-store': { input: z.object({}).strict(), body: CERT_STORE },
  'key-file': { input: z.object({}).strict(), body: KEY_FILE },
  services: { input: z.object({}).strict(), body: SERVICES },
  'server-firewall': { input: z.object({}).strict(), body: SERVER_FIREWALL },
  events: {
    input: z.object({ queries: z.array(z.object({ provider: z.enum(WATCHED_EVENTS.map((w) => w.provider)), ids: z.array(z.number().int().min(1).max(65535)).min(1).max(20) }).strict()).min(1).max(4) }).strict(),
    body: EVENTS,
  },
  'port-owner': { input: z.object({}).strict(), body: PORT_OWNER },
  'fix-firewall-apply': { input: z.object({ undoId, profiles: z.array(z.enum(['Domain', 'Private', 'Public'])).min(1).max(3) }).strict(), body: FIX_FIREWALL_APPLY },
  'fix-firewall-undo': { input: z.object({ before: z.array(ruleState).max(10), created: z.array(z.string().max(64)).max(4) }).strict(), body: FIX_FIREWALL_UNDO },
  'fix-regenerate-cert': { input: z.object({ undoId, thumbprint: thumbprint.nullable() }).strict(), body: FIX_REGENERATE_CERT },
  'fix-regenerate-cert-undo': { input: z.object({ undoId, thumbprints: z.array(thumbprint).max(20) }).strict(), body: FIX_REGENERATE_CERT_UNDO },
  'fix-keyfile-acl': { input: z.object({ undoId, restartSessionEnv: z.boolean() }).strict(), body: FIX_KEYFILE_ACL },
  'fix-keyfile-acl-undo': { input: z.object({ undoId, ownerTaken: z.boolean(), ownerBefore: sid.nullable() }).strict(), body: FIX_KEYFILE_ACL_UNDO },
  'fix-rebuild-machinekeys': { input: z.object({ undoId }).strict(), body: FIX_REBUILD_MACHINEKEYS },
  'fix-rebuild-machinekeys-undo': { input: z.object({ undoId, thumbprints: z.array(thumbprint).max(20), newThumbprint: thumbprint.nullable() }).strict(), body: FIX_REBUILD_MACHINEKEYS_UNDO },
  'fix-clear-cert-hash': { input: z.object({ thumbprint }).strict(), body: FIX_CLEAR_CERT_HASH },
  'fix-clear-cert-hash-undo': { input: z.object({ thumbprint }).strict(), body: FIX_CLEAR_CERT_HASH_UNDO },
  'fix-reset-machinekeys-acl': { input: z.object({ undoId }).strict(), body: FIX_RESET_MACHINEKEYS_ACL },
  'fix-reset-machinekeys-acl-undo': { input: z.object({ undoId }).strict(), body: FIX_RESET_MACHINEKEYS_ACL_UNDO },
  'fix-set-nla': { input: z.object({ required: z.boolean() }).strict(), body: FIX_SET_NLA },
  'fix-set-security-layer': { input: z.object({ securityLayer: z.union([z.literal(0), z.literal(1), z.literal(2)]) }).strict(), body: FIX_SET_SECURITY_LAYER },
  'fix-enable-rdp': { input: z.object({}).strict(), body: FIX_ENABLE_RDP },
  'fix-enable-rdp-undo': { input: z.object({ beforeDeny: z.number().int().nullable(), rules: z.array(ruleState).max(20) }).strict(), body: FIX_ENABLE_RDP_UNDO },
  'fix-start-services': { input: z.object({}).strict(), body: FIX_START_SERVICES },
  'fix-start-services-undo': {
    input: z.object({ before: z.array(z.object({ name: z.string().max(32), status: z.string().max(32), startType: z.string().max(32) })).max(3) }).strict(),
    body: FIX_START_SERVICES_UNDO,
  },
  'remote-repair': {
    input: z
      .object({
        host: z.string().regex(/^[A-Za-z0-9._:-]{1,253}$/),
        action: z.enum(['certificate', 'enable-rdp', 'firewall', 'security-layer']),
        thumbprint: thumbprint.nullable(),
        useSsl: z.boolean(),
        skipCertificateCheck: z.boolean(),
      })
      .strict(),
    body: REMOTE_REPAIR,
  },
} as const satisfies Record<string, { input: z.ZodType; body: string }>;

export type ScriptId = keyof typeof SCRIPTS;
export const SCRIPT_IDS = Object.keys(SCRIPTS) as ScriptId[];
export type ScriptInput<S extends ScriptId> = z.input<(typeof SCRIPTS)[S]['input']>;

/**
 * The whole text PowerShell runs for a script: the prelude, then the script's body. `testSeams` is
 * for tests only (the integration test over the real runner): recorded-data stand-ins for the seams,
 * put after seams.ps1 so they replace them. Nothing in the app passes it (invocation.test.ts proves that).
 */
export function fullScriptText(scriptId: ScriptId, testSeams?: string): string {
  return testSeams === undefined ? `${PRELUDE}\n${SCRIPTS[scriptId].body}` : `${PRELUDE}\n${testSeams}\n${SCRIPTS[scriptId].body}`;
}
