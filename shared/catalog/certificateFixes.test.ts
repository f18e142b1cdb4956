import { describe, expect, it } from 'vitest';
import { regenerateSelfSignedCert, repairKeyfileAcl } from './certificateFixes';
import type { FixContext } from './fix';
import { readFixScript } from './fixScripts';

const ctx: FixContext = { target: { host: 'pc-042.corp.example', port: 3389, kind: 'dns' }, platform: 'linux', targetIsLocal: false };
const shown = (f: { commands: { text: string }[] }) => readFixScript(f.commands[0]!.text);

describe('certificate and key-store fixes', () => {
  it('a certificate fix shows, to run by hand, the script the fix runs with its input as data (10.1)', () => {
    expect(shown(repairKeyfileAcl(ctx))).toEqual({ scriptId: 'fix-keyfile-acl', input: { restartSessionEnv: true } });
    expect(shown(regenerateSelfSignedCert(ctx, 'aa:bb'))).toEqual({ scriptId: 'fix-regenerate-cert', input: { thumbprint: null } });
    expect(shown(regenerateSelfSignedCert(ctx, '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c'))).toEqual({ scriptId: 'fix-regenerate-cert', input: { thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' } });
    // A value that is not a thumbprint never reaches the text.
    expect(regenerateSelfSignedCert(ctx, "x'; calc").commands[0]!.text).not.toContain('calc');
  });
});
