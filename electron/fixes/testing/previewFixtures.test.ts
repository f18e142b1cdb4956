import { describe, expect, it } from 'vitest';
import { SCRIPTS, type ScriptId } from '../../powershell/scripts';
import { fixModules } from '../index';
import { FixError } from '../types';
import { checkAnswers, expectedChanges, fixtureScriptText, loadPreviewFixtures, normalizeChanges, normalizeLocation } from './previewFixtures';
import { scripted, TEST_UNDO_ID, useFixTestDataDir } from './scripted';

const { env, applyCtx } = useFixTestDataDir('rdpdoctor-preview-');
const fixtures = loadPreviewFixtures();

/** The server fixes whose scripts change this computer (remote-repair runs on another one). */
const LOCAL_SERVER_FIXES = fixModules.filter((m) => m.where === 'server' && m.id !== 'remote-repair');

const moduleOf = (id: string) => {
  const m = fixModules.find((x) => x.id === id);
  if (!m) throw new Error(`no fix module ${id}`);
  return m;
};

describe('the normalization of a preview change (previewFixtures.ts)', () => {
  it('reads each kind of location', () => {
    expect(normalizeLocation("Win32_TSGeneralSetting (root\\cimv2\\TerminalServices, TerminalName='RDP-Tcp') / HKLM\\SYSTEM\\X\\RDP-Tcp\\SecurityLayer")).toEqual([{ kind: 'registry', location: 'HKLM\\SYSTEM\\X\\RDP-Tcp\\SecurityLayer' }]);
    expect(normalizeLocation('HKLM:\\SYSTEM\\Terminal Server\\fDenyTSConnections')).toEqual([{ kind: 'registry', location: 'HKLM\\SYSTEM\\Terminal Server\\fDenyTSConnections' }]);
    expect(normalizeLocation('Windows Firewall inbound rule RDPDoctor-RemoteDesktop-In-TCP-3390')).toEqual([{ kind: 'firewall', location: 'RDPDoctor-RemoteDesktop-In-TCP-3390' }]);
    expect(normalizeLocation('Cert:\\LocalMachine\\Remote Desktop\\0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C')).toEqual([{ kind: 'certificate', location: 'Remote Desktop\\0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' }]);
    expect(normalizeLocation('Services TermService, UmRdpService, SessionEnv').map((e) => e.location)).toEqual(['TermService', 'UmRdpService', 'SessionEnv']);
    expect(normalizeLocation('C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys and every file in it')).toEqual([{ kind: 'file', location: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys' }]);
  });

  it('refuses a location it cannot read (a whole store, a firewall, a missing location), so nothing hides behind wording', () => {
    for (const l of ['Cert:\\LocalMachine\\Remote Desktop', 'Windows Firewall', 'Services', undefined]) expect(() => normalizeLocation(l)).toThrow(/no normalization rule/);
  });

  it('sorts, removes duplicates, and counts a path inside a listed folder as the folder', () => {
    const mk = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';
    expect(normalizeChanges([{ location: 'Service TermService' }, { location: `${mk}\\f686_x` }, { location: mk }, { location: 'Services TermService, SessionEnv' }])).toEqual([`file ${mk}`, 'service SessionEnv', 'service TermService']);
  });
});

describe('every local server fix has a preview fixture', () => {
  it.each(LOCAL_SERVER_FIXES.map((m) => m.id))('%s', (id) => {
    expect(fixtures.filter((f) => f.fixture.fix === id).length).toBeGreaterThan(0);
  });
});

describe.each(fixtures)('preview fixture $name', ({ fixture }) => {
  it("describe() lists exactly the fixture's changes", async () => {
    const m = moduleOf(fixture.fix);
    const run = scripted(checkAnswers(fixture));
    const d = await m.describe(m.params.parse(fixture.params), env(run));
    expect(d.applicable, d.notApplicableReason).toBe(true);
    // describe() read exactly the checks the fixture recorded (none answered "no recording", none left unread)
    expect([...new Set(run.calls.map((c) => c.scriptId))].sort()).toEqual(Object.keys(fixture.checks).sort());
    expect(normalizeChanges(d.changes)).toEqual(expectedChanges(fixture));
  });

  it("apply() runs the fixture's script with the fixture's input", async () => {
    const m = moduleOf(fixture.fix);
    const elevated = scripted({});
    await expect(m.apply(m.params.parse(fixture.params), applyCtx(elevated, scripted(checkAnswers(fixture))))).rejects.toBeInstanceOf(FixError);
    expect(elevated.calls).toHaveLength(1);
    const call = elevated.calls[0]!;
    expect(SCRIPTS[call.scriptId as ScriptId].body).toBe(fixtureScriptText(fixture));
    expect(JSON.parse(JSON.stringify(call.input))).toEqual(fixture.input);
    if ('undoId' in fixture.input) expect(fixture.input.undoId).toBe(TEST_UNDO_ID);
  });
});
