/**
 * Old TLS judged from both ends: a server that completes only TLS 1.0/1.1 is an error when the
 * client on this computer will refuse those versions, and a warning only where it still allows them.
 *
 * - Not Windows: the clients people use refuse them (FreeRDP on OpenSSL 3 needs security level 0 for
 *   TLS 1.0/1.1 and fails at once; Microsoft's Remote Desktop apps for macOS, iOS and Android use
 *   their platform's TLS, which has dropped 1.0/1.1 by default).
 * - Windows: mstsc uses Schannel. The client switches under SCHANNEL\Protocols\TLS 1.x\Client decide
 *   (Enabled=0 or DisabledByDefault=1: refused; Enabled=1: allowed); without switches, the build's
 *   default: Windows releases from the September 2023 Insider builds on ship TLS 1.0/1.1 disabled
 *   (Windows 11 24H2 and Windows Server 2025, build 26100 and later); earlier builds allow them.
 */
import { WINDOWS_CHECK_IDS } from '../checks/windows/ids';
import { schannelDataSchema, type SchannelData } from '../checks/windows/schannel';
import { usable } from './read';
import type { RuleInput } from './types';

/** The first Windows build that ships with TLS 1.0 and 1.1 disabled by default (Windows 11 24H2, Server 2025). */
export const FIRST_BUILD_WITHOUT_LEGACY_TLS = 26100;

export interface ClientStance {
  /** true: this computer's client will refuse TLS 1.0/1.1; false: it still allows one of them; null: unknown (Windows, switches not read). */
  refuses: boolean | null;
  /** One line for the evidence. */
  reason: string;
}

function schannelClient(input: RuleInput): SchannelData | undefined {
  return usable(input.checks, WINDOWS_CHECK_IDS.schannelClient, schannelDataSchema).find(({ data }) => data.side === 'Client')?.data;
}

/** What this computer's Remote Desktop client does with a server that offers only TLS 1.0/1.1. Pure. */
export function legacyTlsClientStance(input: RuleInput): ClientStance {
  if (input.context.platform !== 'win32') {
    return {
      refuses: true,
      reason: `This computer runs ${input.context.platform === 'darwin' ? 'macOS' : input.context.platform}: the Remote Desktop clients used there (FreeRDP with OpenSSL 3, Microsoft's Remote Desktop apps) refuse TLS 1.0 and 1.1 by default.`,
    };
  }
  const data = schannelClient(input);
  if (!data) return { refuses: null, reason: "This computer's Schannel client settings could not be read, so whether it still allows TLS 1.0/1.1 is not known." };
  const build = data.os.build;
  const defaultRefuses = build !== null && build >= FIRST_BUILD_WITHOUT_LEGACY_TLS;
  const legacy = data.protocols.filter((p) => p.protocol === 'TLS 1.0' || p.protocol === 'TLS 1.1');
  const words = (p: SchannelData['protocols'][number]): string => {
    if (p.effective === 'os-default') return `${p.protocol}: not configured (${defaultRefuses ? 'off' : 'on'} by default on build ${build ?? 'unknown'})`;
    return `${p.protocol}: ${p.effective} (Enabled=${p.enabled ?? 'not set'}, DisabledByDefault=${p.disabledByDefault ?? 'not set'})`;
  };
  const allowed = (name: 'TLS 1.0' | 'TLS 1.1'): boolean => {
    const p = legacy.find((x) => x.protocol === name);
    if (!p || p.effective === 'os-default') return !defaultRefuses;
    return p.effective === 'enabled';
  };
  const anyAllowed = allowed('TLS 1.0') || allowed('TLS 1.1');
  const switches = legacy.length > 0 ? legacy.map(words).join('; ') : `no TLS 1.0/1.1 client switches (the default of build ${build ?? 'unknown'}: ${defaultRefuses ? 'off' : 'on'})`;
  return {
    refuses: !anyAllowed,
    reason: `This computer's Schannel client (mstsc): ${switches}. ${anyAllowed ? 'It still allows an old version, so it can connect.' : 'It refuses both, so mstsc fails here (Schannel event 36871 on this computer).'}`,
  };
}
