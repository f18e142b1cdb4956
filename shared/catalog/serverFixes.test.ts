import { describe, expect, it } from 'vitest';
import type { FixContext } from './fix';
import { readFixScript } from './fixScripts';
import { enableFirewallRules, setNla, setSecurityLayer, startTermService } from './serverFixes';

const ctx: FixContext = { target: { host: 'pc-042.corp.example', port: 3389, kind: 'dns' }, platform: 'linux', targetIsLocal: false };
const shown = (f: { commands: { text: string }[] }) => readFixScript(f.commands[0]!.text);

describe('server fixes', () => {
  it('a server fix shows, to run by hand, the script the fix runs with its input as data (10.1)', () => {
    expect(shown(enableFirewallRules(ctx))).toEqual({ scriptId: 'fix-firewall-apply', input: { profiles: ['Domain', 'Private'] } });
    expect(shown(enableFirewallRules(ctx, ['Public']))).toEqual({ scriptId: 'fix-firewall-apply', input: { profiles: ['Public'] } });
    expect(shown(setNla(ctx, true))).toEqual({ scriptId: 'fix-set-nla', input: { required: true } });
    expect(shown(setSecurityLayer(ctx, 2))).toEqual({ scriptId: 'fix-set-security-layer', input: { securityLayer: 2 } });
    expect(shown(startTermService(ctx))).toEqual({ scriptId: 'fix-start-services', input: {} });
    // The firewall script finds the rules by name (display names are translated), never by the English group.
    expect(enableFirewallRules(ctx).commands.map((c) => c.text).join('\n')).not.toContain("-DisplayGroup 'Remote Desktop'");
    // set-nla runs the WMI method, as the fix does, not a registry edit.
    expect(setNla(ctx, true).commands[0]!.text).toContain("'SetUserAuthenticationRequired'");
  });
});
