import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixSuggestionSchema, type FixSuggestion } from '../model';
import type { Target } from '../target';
import { AUTOMATIC_FIX_IDS, NET_FINDINGS, NET_FINDING_IDS, actionableBy, buildFinding, fillTemplate, itTermsIn, orderFixes, purposeOf, type FixContext } from './index';

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

