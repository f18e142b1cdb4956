/**
 * The whole chain for every Windows check, for real off Windows: the check's script (prelude, seams,
 * then recorded Windows data in place of the seams: electron/powershell/testing/fakes/*.ps1) → the
 * REAL runner (script file, hash-checked bootstrap, -EncodedCommand, JSON on stdout) in real pwsh →
 * the check's zod parser and judgement → the rules → the finding id. Skipped, with the reason, where
 * PowerShell 7 is not installed. The recorded data is only ever given through the runner's test-only
 * testSeams option (invocation.test.ts proves the app never passes it).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WINDOWS_CHECK_IDS, type WindowsCheckId } from '../../../shared/checks/windows/ids';
import { checkResultSchema, type CheckResult } from '../../../shared/model';
import { runRules } from '../../../shared/rules';
import { TARGET, tlsAttempts, tlsCheck } from '../../../shared/rules/testing/netFixtures';
import { createSpawnExecutor } from '../../powershell/runner';
import { runWindowsCheck } from './check';
import { WINDOWS_CHECK_SPECS } from './index';

const PWSH = process.env.RDPDOCTOR_PWSH ?? '/opt/rdpdoctor-tools/pwsh/pwsh';
const here = path.dirname(fileURLToPath(import.meta.url));
const testing = path.join(here, '..', '..', 'powershell', 'testing');
const read = (file: string) => readFileSync(path.join(testing, file), 'utf8');

/** A server that only speaks TLS 1.0/1.1 (what makes this computer's Schannel client matter). */
const legacyOnlyServer = tlsCheck({
  attempts: tlsAttempts({
    'TLSv1.2': { outcome: 'alert', alert: 'protocol_version', cipher: undefined, cipherStandardName: undefined },
    'TLSv1.3': { outcome: 'alert', alert: 'protocol_version', cipher: undefined, cipherStandardName: undefined },
  }),
});

interface ChainCase {
  /** testing/fakes/<fake>.ps1: the recorded Windows the script meets. */
  fake: string;
  /** Network results of the same run, for the rules that compare this computer with the wire. */
  withChecks?: CheckResult[];
  status: CheckResult['status'];
  finding: string;
}

const CASES: Record<WindowsCheckId, ChainCase> = {
  [WINDOWS_CHECK_IDS.clientFirewall]: { fake: 'client-firewall', status: 'fail', finding: 'client-firewall-blocks-mstsc' },
  [WINDOWS_CHECK_IDS.securitySuites]: { fake: 'security-suites', status: 'warn', finding: 'security-suite-present' },
  [WINDOWS_CHECK_IDS.credsspPolicy]: { fake: 'credssp-policy', status: 'warn', finding: 'credssp-policy-mismatch' },
  [WINDOWS_CHECK_IDS.schannelClient]: { fake: 'schannel-client', withChecks: [legacyOnlyServer], status: 'pass', finding: 'tls-legacy-only' },
  [WINDOWS_CHECK_IDS.vpn]: { fake: 'vpn', status: 'warn', finding: 'vpn-active' },
  [WINDOWS_CHECK_IDS.nicPower]: { fake: 'nic-power', status: 'warn', finding: 'nic-power-saving' },
  [WINDOWS_CHECK_IDS.acceptedCertificate]: { fake: 'accepted-cert', withChecks: [tlsCheck()], status: 'pass', finding: 'accepted-cert-changed' },
  [WINDOWS_CHECK_IDS.rdpListener]: { fake: 'listener-settings', status: 'fail', finding: 'rdp-disabled' },
  [WINDOWS_CHECK_IDS.certStore]: { fake: 'cert-store', status: 'fail', finding: 'cert-store-expired' },
  [WINDOWS_CHECK_IDS.keyFile]: { fake: 'key-file', status: 'fail', finding: 'machinekeys-permissions' },
  [WINDOWS_CHECK_IDS.services]: { fake: 'services', status: 'fail', finding: 'termservice-stopped' },
  [WINDOWS_CHECK_IDS.serverFirewall]: { fake: 'server-firewall', status: 'fail', finding: 'server-firewall-rule-off' },
  [WINDOWS_CHECK_IDS.schannelServer]: { fake: 'schannel-server', status: 'fail', finding: 'tls-disabled-on-server' },
  [WINDOWS_CHECK_IDS.events]: { fake: 'events', status: 'fail', finding: 'schannel-key-errors' },
  [WINDOWS_CHECK_IDS.portOwner]: { fake: 'port-owner', status: 'fail', finding: 'rdp-port-taken' },
};

/** Further recorded scenarios of a check, each with the finding it leads to. */
const MORE_CASES: ReadonlyArray<readonly [WindowsCheckId, ChainCase]> = [
  // 11.14: events 1061-1065, the certificate from the Group Policy certificate template.
  [WINDOWS_CHECK_IDS.events, { fake: 'events-template-cert', status: 'fail', finding: 'rdp-certificate-template-events' }],
];

describe('every Windows check has a chain case', () => {
  it('the table covers exactly the registered checks', () => {
    expect(Object.keys(CASES).sort()).toEqual(WINDOWS_CHECK_SPECS.map((s) => s.id).sort());
  });
});

const havePwsh = existsSync(PWSH);
describe.skipIf(!havePwsh)(`script → real runner in real pwsh → parser → rules → finding${havePwsh ? '' : ` (skipped: no PowerShell 7 at ${PWSH}; set RDPDOCTOR_PWSH)`}`, () => {
  const fakes = read('RdFakes.ps1');

  const rows = [
    ...WINDOWS_CHECK_SPECS.map((spec) => [spec.id, spec, CASES[spec.id]] as const),
    ...MORE_CASES.map(([id, c]) => [`${id} (${c.fake})`, WINDOWS_CHECK_SPECS.find((s) => s.id === id)!, c] as const),
  ];
  it.each(rows)('%s', async (_name, spec, c) => {
    const id = spec.id;
    const executor = createSpawnExecutor({ executable: PWSH, testSeams: `${fakes}\n${read(path.join('fakes', `${c.fake}.ps1`))}` });
    const now = new Date();
    const result = await runWindowsCheck(spec, { executor, now: () => now }, { target: TARGET, signal: new AbortController().signal, platform: 'win32' });
    expect(checkResultSchema.safeParse(result).success).toBe(true);
    expect(result.status, `${result.summary} ${JSON.stringify(result.data).slice(0, 1500)}`).toBe(c.status);
    expect(spec.schema.safeParse(result.data).success).toBe(true);
    const findings = runRules({ target: TARGET, checks: [result, ...(c.withChecks ?? [])], context: { platform: 'win32', targetIsLocal: true, now } });
    expect(findings.map((f) => f.id)).toContain(c.finding);
    const f = findings.find((x) => x.id === c.finding)!;
    // The finding rests on what this check read (the legacy-TLS finding quotes this computer's Schannel client).
    const fromThisCheck = id === WINDOWS_CHECK_IDS.schannelClient ? f.evidence.some((e) => /TLS 1\.0: disabled .*It refuses both/.test(e.value)) : f.evidence.some((e) => e.checkId === id);
    expect(fromThisCheck, JSON.stringify(f.evidence)).toBe(true);
  }, 60_000);
});
