import { describe, expect, it } from 'vitest';
import type { FixSuggestion } from '../model';
import * as certificate from './certificateFixes';
import * as certificateKey from './certificateKeyFixes';
import * as client from './clientFixes';
import type { FixContext } from './fix';
import { FIX_TEXTS, fixRestores, fixText, fixTextsSchema, placeholdersIn, type FixTextId } from './fixTexts';
import * as network from './networkFixes';
import { REMOTE_REPAIR_ACTIONS, remoteRepair } from './remoteRepairFix';
import * as server from './serverFixes';
import * as windows from './windowsManualFixes';
import { clearCertificateHash } from '../rules/windows/staleCertificateHash';

const ctx: FixContext = {
  target: { host: 'pc-042.corp.example', port: 3390, kind: 'dns' },
  platform: 'win32',
  targetIsLocal: false,
  workingAddress: '10.20.30.40',
  certificate: { selfSigned: true, sha1: 'AB'.repeat(20), names: ['pc-042.corp.example'] },
  pathMtu: { mtu: 1400, payload: 1372, address: '10.20.30.40' },
};
const contexts: FixContext[] = [ctx, { ...ctx, platform: 'darwin', targetIsLocal: true }, { ...ctx, platform: 'linux' }];

/** Builders that take more than the context, with each of their choices. */
const WITH_CHOICES: Record<string, (c: FixContext) => Array<FixSuggestion | null>> = {
  writeRdpFile: (c) => [client.writeRdpFile(c), client.writeRdpFile(c, { disableCredSsp: true })],
  enableFirewallRules: (c) => [server.enableFirewallRules(c), server.enableFirewallRules(c, ['Public'])],
  setSecurityLayer: (c) => ([0, 1, 2] as const).map((layer) => server.setSecurityLayer(c, layer)),
  setNla: (c) => [server.setNla(c, true), server.setNla(c, false)],
  repairKeyfileAcl: (c) => [certificate.repairKeyfileAcl(c, true), certificate.repairKeyfileAcl(c, false)],
  grantCertificateKeyRead: (c) => [certificateKey.grantCertificateKeyRead(c, null)],
  remoteRepair: (c) => REMOTE_REPAIR_ACTIONS.map((action) => remoteRepair(c, action)),
  disableOutboundBlockRules: (c) => [windows.disableOutboundBlockRules(c, [{ name: 'r1', displayName: 'Block RDP' }]), windows.disableOutboundBlockRules(c, [{ name: 'r1', displayName: 'A' }, { name: 'r2', displayName: 'B' }])],
  pauseTlsInspection: (c) => [windows.pauseTlsInspection(c, ['Suite A', 'Suite B'])],
  setCredsspMitigated: (c) => [windows.setCredsspMitigated(c, 'HKLM\\SOFTWARE\\CredSSP\\Parameters')],
  disableNicPowerSaving: (c) => [windows.disableNicPowerSaving(c, [{ name: 'Ethernet', interfaceDescription: 'Intel NIC', classSubkey: '0001' }])],
  askItFirewallGpoRule: (c) => [windows.askItFirewallGpoRule(c, 3389)],
  reviewCipherSuitePolicy: (c) => [windows.reviewCipherSuitePolicy(c, true), windows.reviewCipherSuitePolicy(c, false)],
  clearCertificateHash: (c) => [clearCertificateHash(c, 'AB'.repeat(20))],
};
/** Exported functions of the fix files that are not fix builders. */
const NOT_BUILDERS = ['commandKeyPath', 'remoteRepairInput'];

/** Every fix every builder of the fix files (and the stale-certificate rule's) makes, in each context and with each choice. */
function everyFix(): FixSuggestion[] {
  const modules = [client, network, server, certificate, certificateKey, windows, { remoteRepair, clearCertificateHash }] as Array<Record<string, unknown>>;
  const builders = modules.flatMap((m) => Object.entries(m)).filter(([name, value]) => typeof value === 'function' && !NOT_BUILDERS.includes(name));
  expect(builders.length).toBeGreaterThan(50);
  return contexts.flatMap((c) =>
    builders.flatMap(([name, build]) => (WITH_CHOICES[name] ?? ((x: FixContext) => [(build as (x: FixContext) => FixSuggestion | null)(x)]))(c)),
  ).filter((f): f is FixSuggestion => f !== null);
}

describe('fixTexts.json', () => {
  it('has an entry for every fix a builder makes, and only those', () => {
    const built = new Set(everyFix().map((f) => f.id));
    expect(new Set(Object.keys(FIX_TEXTS.fixes))).toEqual(built);
  });

  it('fills every placeholder a fix uses: no brace is left on any card, in any variant', () => {
    for (const f of everyFix()) {
      for (const text of [f.title, f.plain, f.risk, ...f.steps]) expect(placeholdersIn(text), `${f.id}: ${text}`).toEqual([]);
    }
  });

  it('uses every shared text and step list somewhere', () => {
    const all = JSON.stringify(FIX_TEXTS.fixes);
    for (const name of Object.keys(FIX_TEXTS.shared)) expect(all, name).toContain(`{${name}}`);
    for (const name of Object.keys(FIX_TEXTS.stepLists)) expect(all, name).toContain(`{"list":"${name}"}`);
  });

  it('fills the values, the variant and the shared texts, and expands step lists', () => {
    const words = fixText('set-nla', {}, 'notRequired');
    expect(words.title).toBe('Turn off Network Level Authentication (only if a client cannot use it)');
    expect(words.invasiveness).toBe('high');
    expect(words.plain.endsWith(FIX_TEXTS.shared.systemRemoteOpen!)).toBe(true);
    expect(words.steps).toEqual(FIX_TEXTS.stepLists.systemRemote);
    expect(fixText('set-security-layer', {}, '2').title).toBe('Set the Remote Desktop security layer to TLS');
    expect(fixText('test-port', { port: 3391 }).plain).toContain('port 3391 answers');
    expect(fixText('write-rdp-file', { full: 'h' }, 'otherPlatform', 'withoutCredSsp').risk).toMatch(/Network Level Authentication/);
  });

  it("fixRestores: a fix's undo words, variants applied, only their own placeholders filled; none is a mistake", () => {
    expect(fixRestores('write-rdp-file')).toMatch(/^Deletes the connection file/);
    expect(fixRestores('clear-certificate-hash', { thumbprint: 'AB12' })).toMatch(/^SSLCertificateSHA1Hash = AB12 again/);
    expect(fixRestores('set-nla', {}, 'required')).toMatch(/back to not required/);
    expect(() => fixRestores('set-nla')).toThrow(/set-nla has no "restores" words/);
    expect(() => fixRestores('clear-certificate-hash')).toThrow(/needs a value for \{thumbprint\}/);
    expect(() => fixRestores('check-host-name')).toThrow(/no "restores"/);
    expect(fixText('clear-certificate-hash')).not.toHaveProperty('restores');
    expect(fixText('ask-it-firewall-gpo-rule', { port: 3391 }).steps[0]).toBe(FIX_TEXTS.shared.exportReport);
  });

  it('writes a value as given: an empty name stays empty, braces in a value are not filled again', () => {
    expect(fixText('disable-nic-power-saving', { adapter: '' }).steps[1]).toBe('Open Network adapters, right-click  and select Properties.');
    expect(fixText('pause-tls-inspection', { first: '{port}', names: 'A / B' }).title).toBe("Test once with {port}'s connection scanning paused");
  });

  it('refuses a placeholder without a value, an unknown variant and words left incomplete by the variants chosen', () => {
    expect(() => fixText('test-port')).toThrow('{port}');
    expect(() => fixText('set-nla', {}, 'maybe' as 'required')).toThrow('no variant');
    expect(() => fixText('set-nla')).toThrow();
    expect(() => fixText('no-such-fix' as FixTextId)).toThrow('no fix');
  });

  it('is validated when it loads: unknown fields, wrong kinds of fix and missing step lists are refused', () => {
    const copy = (): typeof FIX_TEXTS => structuredClone(FIX_TEXTS);
    expect(fixTextsSchema.safeParse(copy()).success).toBe(true);
    const extraField = copy();
    Object.assign(extraField.fixes['connect-vpn']!, { colour: 'red' });
    expect(fixTextsSchema.safeParse(extraField).success).toBe(false);
    const badKind = copy();
    Object.assign(badKind.fixes['connect-vpn']!, { invasiveness: 'tiny' });
    expect(fixTextsSchema.safeParse(badKind).success).toBe(false);
    const noList = copy();
    noList.fixes['connect-vpn']!.steps = [{ list: 'nowhere' }];
    expect(fixTextsSchema.safeParse(noList).success).toBe(false);
  });
});
