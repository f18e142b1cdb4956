import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixSuggestionSchema, type FixSuggestion } from '../model';
import type { Target } from '../target';
import {
  AUTOMATIC_FIX_IDS,
  NET_FINDINGS,
  NET_FINDING_IDS,
  REMOTE_REPAIR_ACTIONS,
  buildFinding,
  ANY_PLATFORM_FIX_IDS,
  canAutomate,
  commandAddress,
  commandHost,
  commandThumbprint,
  fillTemplate,
  mstscAddress,
  psQuote,
  actionableBy,
  itTermsIn,
  orderFixes,
  purposeOf,
  remoteRepair,
  enableFirewallRules,
  readFixScript,
  regenerateSelfSignedCert,
  repairKeyfileAcl,
  setNla,
  setSecurityLayer,
  startTermService,
  type FixContext,
} from './index';

/** The network finding ids of DESIGN.md's catalogue. */
const DESIGN_NET_IDS = [
  'dns-unresolved',
  'port-closed',
  'port-filtered',
  'host-unreachable',
  'not-rdp',
  'tls-cert-not-on-server',
  'tls-handshake-failed',
  'cert-expired',
  'cert-not-yet-valid',
  'cert-expiring-soon',
  'cert-self-signed',
  'cert-name-mismatch',
  'cert-weak-key',
  'cert-weak-signature',
  'clock-skew',
  'tls-not-allowed',
  'nla-required',
  'tls-legacy-only',
  'address-fails',
  'name-points-elsewhere',
  'reset-during-handshake',
  'intermittent-failures',
  'slow-handshake',
];

const target: Target = { host: 'pc-042.corp.example', port: 3389, kind: 'dns' };
const contexts: FixContext[] = [
  { target, platform: 'win32', targetIsLocal: true, certificate: { selfSigned: true, sha1: 'AA'.repeat(20), names: ['pc-042.corp.example'] } },
  { target, platform: 'win32', targetIsLocal: false, workingAddress: '10.20.30.40' },
  { target: { host: '2001:db8::5', port: 3390, kind: 'ipv6' }, platform: 'linux', targetIsLocal: false, certificate: { selfSigned: false, names: [] } },
];
const allFixes = (): FixSuggestion[] => NET_FINDING_IDS.flatMap((id) => contexts.flatMap((ctx) => buildFinding(NET_FINDINGS[id], { ctx, evidence: [] }).fixes));

describe('the catalogue', () => {
  it('defines every network finding of DESIGN.md, and only the new ones added on purpose since', () => {
    // DESIGN.md: "New findings get new IDs". Each addition is named here, so none slips in by accident.
    const ADDED = ['negotiation-inconsistent', 'cut-after-tls', 'tls-inspection', 'rdp-no-answer', 'path-mtu-black-hole'];
    expect([...NET_FINDING_IDS].sort()).toEqual([...DESIGN_NET_IDS, ...ADDED].sort());
  });

  it('gives each entry a severity, a step, a title, plain words and IT detail', () => {
    for (const id of NET_FINDING_IDS) {
      const def = NET_FINDINGS[id];
      expect(def.id).toBe(id);
      expect(def.title.length).toBeGreaterThan(10);
      expect(def.plain.length).toBeGreaterThan(40);
      expect(def.detail.length).toBeGreaterThan(40);
    }
    expect(NET_FINDINGS['cert-self-signed'].severity).toBe('info');
    expect(NET_FINDINGS['nla-required'].severity).toBe('info');
    expect(NET_FINDINGS['tls-cert-not-on-server'].severity).toBe('error');
  });

  it('builds fixes that satisfy the model: repairs first, least invasive first among them, reading logs never first', () => {
    const purposeRank = { repair: 0, workaround: 1, investigate: 2 };
    for (const id of NET_FINDING_IDS) {
      for (const ctx of contexts) {
        const { fixes } = buildFinding(NET_FINDINGS[id], { ctx, evidence: [] });
        expect(fixes.length, id).toBeGreaterThan(0);
        const order = fixes.map((f) => purposeRank[purposeOf(f)] * 10 + ['none', 'low', 'medium', 'high'].indexOf(f.invasiveness));
        expect(order, id).toEqual([...order].sort((a, b) => a - b));
        if (fixes.some((f) => purposeOf(f) !== 'investigate')) expect(purposeOf(fixes[0]!), id).not.toBe('investigate');
        for (const fix of fixes) expect(fixSuggestionSchema.safeParse(fix).success, `${id}/${fix.id}`).toBe(true);
      }
    }
  });

  it('an expired certificate: IT sees a repair first and the error log last', () => {
    for (const ctx of contexts) {
      const { fixes } = buildFinding(NET_FINDINGS['cert-expired'], { ctx, evidence: [] });
      expect(purposeOf(fixes[0]!)).toBe('repair');
      expect(fixes[0]!.id).not.toBe('check-server-events');
      expect(fixes.at(-1)!.id).toBe('check-server-events');
    }
    const selfSigned = buildFinding(NET_FINDINGS['cert-expired'], { ctx: contexts[0]!, evidence: [] });
    expect(selfSigned.fixes.map((f) => f.id)).toEqual(['repair-keyfile-acl', 'regenerate-self-signed-cert', 'check-server-events']);
    const fromCa = buildFinding(NET_FINDINGS['cert-expired'], { ctx: contexts[2]!, evidence: [] });
    expect(fromCa.fixes[0]!.id).toBe('renew-certificate');
  });

  it('orders for a remote worker what they can do on this computer first, then the rest in IT order', () => {
    const ctx = contexts[1]!;
    const addressFails = buildFinding(NET_FINDINGS['address-fails'], { ctx, evidence: [] });
    expect(orderFixes(addressFails.fixes, 'plain')[0]!.id).toBe('connect-by-ip');
    const filtered = buildFinding(NET_FINDINGS['port-filtered'], { ctx, evidence: [] });
    const plain = orderFixes(filtered.fixes, 'plain');
    expect(plain[0]!.id).toBe('connect-vpn');
    // Testing the port by hand is on this computer, but it repairs nothing: after the server's repairs.
    expect(plain.findIndex((f) => f.id === 'test-port')).toBeGreaterThan(plain.findIndex((f) => f.id === 'enable-firewall-rules'));
    // Nothing to do on the laptop: the plain order is IT's.
    const expired = buildFinding(NET_FINDINGS['cert-expired'], { ctx, evidence: [] });
    expect(orderFixes(expired.fixes, 'plain').map((f) => f.id)).toEqual(expired.fixes.map((f) => f.id));
    expect(actionableBy(expired.fixes[0]!, 'plain')).toBe(false);
    expect(actionableBy(expired.fixes[0]!, 'it')).toBe(true);
  });

  it('says what to tell IT, in one plain sentence, wherever a remote worker cannot repair it themselves', () => {
    for (const id of NET_FINDING_IDS) {
      const def = NET_FINDINGS[id];
      for (const ctx of contexts) {
        const f = buildFinding(def, { ctx, evidence: [], vars: { validToDate: '1 January 2021' } });
        const first = orderFixes(f.fixes, 'plain')[0];
        if (f.severity !== 'info' && first && !actionableBy(first, 'plain')) expect(f.forIt, id).toBeTruthy();
        if (f.forIt) {
          expect(f.forIt, id).toMatch(/^[a-z0-9{"]/);
          expect(f.forIt, id).not.toMatch(/[.]$/);
        }
      }
    }
    const expired = buildFinding(NET_FINDINGS['cert-expired'], { ctx: contexts[1]!, evidence: [], vars: { validToDate: '1 January 2021' } });
    expect(expired.forIt).toBe("the remote computer's certificate expired on 1 January 2021");
  });

  it('writes titles, plain words and what to tell IT without IT-only terms', () => {
    for (const id of NET_FINDING_IDS) {
      const def = NET_FINDINGS[id];
      for (const text of [def.title, def.plain, def.forIt ?? '']) expect(itTermsIn(text), `${id}: ${text}`).toEqual([]);
    }
  });

  it('marks only the fixes with a service module as automatic', () => {
    for (const fix of allFixes()) if (fix.automatic) expect(AUTOMATIC_FIX_IDS as readonly string[]).toContain(fix.id);
    const ids = new Set(allFixes().map((f) => f.id));
    // Every automatic fix is reachable from some network finding, except the ones only Windows findings use
    // (clear-certificate-hash: stale-certificate-hash, tested in shared/rules/staleCertificateHash.test.ts).
    const WINDOWS_FINDINGS_ONLY = ['clear-certificate-hash'];
    for (const id of AUTOMATIC_FIX_IDS) expect(ids.has(id) || WINDOWS_FINDINGS_ONLY.includes(id), id).toBe(true);
  });

  it('automatic: Windows only (except the .rdp file); server fixes only for this machine; remote-repair only for another one', () => {
    expect(canAutomate('enable-firewall-rules', 'server', { platform: 'win32', targetIsLocal: true })).toBe(true);
    expect(canAutomate('enable-firewall-rules', 'server', { platform: 'win32', targetIsLocal: false })).toBe(false);
    expect(canAutomate('enable-firewall-rules', 'server', { platform: 'linux', targetIsLocal: true })).toBe(false);
    expect(canAutomate('write-rdp-file', 'client', { platform: 'win32', targetIsLocal: false })).toBe(true);
    // Saving a .rdp file is meaningful everywhere: macOS's and Linux's Remote Desktop apps open it too.
    expect(ANY_PLATFORM_FIX_IDS).toEqual(['write-rdp-file']);
    for (const platform of ['darwin', 'linux', 'freebsd']) {
      expect(canAutomate('write-rdp-file', 'client', { platform, targetIsLocal: false }), platform).toBe(true);
      expect(canAutomate('write-rdp-file', 'client', { platform, targetIsLocal: true }), platform).toBe(true);
      expect(canAutomate('remote-repair', 'server', { platform, targetIsLocal: false }), platform).toBe(false);
      expect(canAutomate('set-nla', 'server', { platform, targetIsLocal: true }), platform).toBe(false);
      expect(canAutomate('connect-by-ip', 'client', { platform, targetIsLocal: false }), platform).toBe(false);
    }
    expect(canAutomate('remote-repair', 'server', { platform: 'win32', targetIsLocal: false })).toBe(true);
    expect(canAutomate('remote-repair', 'server', { platform: 'win32', targetIsLocal: true })).toBe(false);
    expect(canAutomate('check-server-events', 'server', { platform: 'win32', targetIsLocal: true })).toBe(false);
  });

  it('fills templates and never leaves a brace behind', () => {
    expect(fillTemplate('{host} on {port}; {missing}', { host: 'a', port: 3389 })).toBe('a on 3389; unknown');
    for (const id of NET_FINDING_IDS) {
      const f = buildFinding(NET_FINDINGS[id], { ctx: contexts[0]!, evidence: [] });
      expect(`${f.plain} ${f.detail}`).not.toMatch(/\{[A-Za-z]+\}/);
    }
  });
});

describe('fix steps and illustrations', () => {
  const index = JSON.parse(readFileSync(new URL('../../assets/illustrations/index.json', import.meta.url), 'utf8')) as {
    illustrations: Record<string, { steps: string[] }>;
  };

  it('use known illustrations, and their numbered steps are the illustration callouts', () => {
    const withPicture = allFixes().filter((f) => f.illustration);
    expect(new Set(withPicture.map((f) => f.illustration))).toEqual(new Set(['firewall-allow-app', 'certificates-remote-desktop-store', 'system-properties-remote-nla', 'mstsc-rdp-file']));
    for (const fix of withPicture) {
      const picture = index.illustrations[fix.illustration!];
      expect(picture, fix.illustration).toBeDefined();
      expect(fix.steps.slice(0, picture!.steps.length), fix.id).toEqual(picture!.steps);
    }
  });
});

describe('command text', () => {
  it('quotes for PowerShell single-quoted strings, typographic quotes included', () => {
    expect(psQuote("it's")).toBe("'it''s'");
    expect(psQuote('a\u2019b')).toBe("'a\u2019\u2019b'");
  });

  it('accepts only hosts the target parser accepts', () => {
    expect(commandHost({ host: 'pc-042.corp.example' })).toBe('pc-042.corp.example');
    expect(commandHost({ host: '2001:db8::5' })).toBe('2001:db8::5');
    expect(commandHost({ host: "pc'; calc; '" })).toBeNull();
    expect(commandHost({ host: 'pc$(whoami)' })).toBeNull();
    expect(commandHost({ host: 'a b' })).toBeNull();
    expect(commandAddress('10.0.0.5')).toBe('10.0.0.5');
    expect(commandAddress('10.0.0.5; rm -rf')).toBeNull();
    expect(commandThumbprint('3c:5a:91:0b:77:e2:4d:18:9f:60:ab:cd:ef:01:23:45:67:89:ab:cd')).toBe('3C5A910B77E24D189F60ABCDEF0123456789ABCD');
    expect(commandThumbprint("AB'; Remove-Item")).toBeNull();
  });

  it('writes mstsc addresses with IPv6 in brackets and the port only when not 3389', () => {
    expect(mstscAddress('10.0.0.5', 3389)).toBe('10.0.0.5');
    expect(mstscAddress('10.0.0.5', 3390)).toBe('10.0.0.5:3390');
    expect(mstscAddress('2001:db8::5', 3389)).toBe('[2001:db8::5]');
    expect(mstscAddress('2001:db8::5', 3390)).toBe('[2001:db8::5]:3390');
  });

  it('a server fix shows, to run by hand, the script the fix runs with its input as data (10.1)', () => {
    const ctx: FixContext = { target, platform: 'linux', targetIsLocal: false };
    const shown = (f: { commands: { text: string }[] }) => readFixScript(f.commands[0]!.text);
    expect(shown(enableFirewallRules(ctx))).toEqual({ scriptId: 'fix-firewall-apply', input: { profiles: ['Domain', 'Private'] } });
    expect(shown(enableFirewallRules(ctx, ['Public']))).toEqual({ scriptId: 'fix-firewall-apply', input: { profiles: ['Public'] } });
    expect(shown(setNla(ctx, true))).toEqual({ scriptId: 'fix-set-nla', input: { required: true } });
    expect(shown(setSecurityLayer(ctx, 2))).toEqual({ scriptId: 'fix-set-security-layer', input: { securityLayer: 2 } });
    expect(shown(repairKeyfileAcl(ctx))).toEqual({ scriptId: 'fix-keyfile-acl', input: { restartSessionEnv: true } });
    expect(shown(regenerateSelfSignedCert(ctx, 'aa:bb'))).toEqual({ scriptId: 'fix-regenerate-cert', input: { thumbprint: null } });
    expect(shown(regenerateSelfSignedCert(ctx, '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c'))).toEqual({ scriptId: 'fix-regenerate-cert', input: { thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' } });
    expect(shown(startTermService(ctx))).toEqual({ scriptId: 'fix-start-services', input: {} });
    // The firewall script finds the rules by name (display names are translated), never by the English group.
    expect(enableFirewallRules(ctx).commands.map((c) => c.text).join('\n')).not.toContain("-DisplayGroup 'Remote Desktop'");
    // set-nla runs the WMI method, as the fix does, not a registry edit.
    expect(setNla(ctx, true).commands[0]!.text).toContain("'SetUserAuthenticationRequired'");
    // A value that is not a thumbprint never reaches the text.
    expect(regenerateSelfSignedCert(ctx, "x'; calc").commands[0]!.text).not.toContain('calc');
  });

  it('remote-repair shows remote-repair.ps1 for the quoted host and action, never for this machine', () => {
    const ctx: FixContext = { target, platform: 'win32', targetIsLocal: false };
    for (const action of REMOTE_REPAIR_ACTIONS) {
      const fix = remoteRepair(ctx, action)!;
      expect(fix.commands[0]!.text).toBe("Test-WSMan -ComputerName 'pc-042.corp.example'");
      expect(readFixScript(fix.commands[1]!.text)).toEqual({ scriptId: 'remote-repair', input: { host: 'pc-042.corp.example', action, thumbprint: null, useSsl: false, skipCertificateCheck: false } });
      expect(fix.params).toMatchObject({ host: 'pc-042.corp.example', action });
    }
    const https = remoteRepair(ctx, 'firewall', { useSsl: true, skipCertificateCheck: true })!;
    expect(readFixScript(https.commands[1]!.text)?.input).toMatchObject({ useSsl: true, skipCertificateCheck: true });
    expect(remoteRepair({ ...ctx, targetIsLocal: true }, 'firewall')).toBeNull();
    expect(remoteRepair({ ...ctx, target: { host: "x'; calc", port: 3389, kind: 'dns' } }, 'firewall')).toBeNull();
  });
});
