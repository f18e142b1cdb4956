/**
 * What listens on the Remote Desktop port of this computer, and which process (11.14): nothing
 * (Remote Desktop Services is not listening), Remote Desktop Services (an svchost.exe hosting
 * TermService), or another program that took the port.
 */
import { WINDOWS_CHECK_IDS } from '../../../shared/checks/windows/ids';
import { portOwnerDataSchema, type PortListener, type PortOwnerData } from '../../../shared/checks/windows/portOwner';
import type { WindowsCheckSpec } from './check';
import { asArray, asRecords, num, problemsOf, str, text, type Json } from './normalize';

/** "svchost (PID 1234: TermService)" / "nginx (PID 88)". */
export function listenerWords(l: PortListener): string {
  return `${l.processName ?? 'unknown process'} (PID ${l.processId}${l.services.length > 0 ? `: ${l.services.join(', ')}` : ''}) on ${l.localAddress}`;
}

export const portOwnerCheck: WindowsCheckSpec<PortOwnerData> = {
  id: WINDOWS_CHECK_IDS.portOwner,
  step: 'reachability',
  label: 'What listens on the Remote Desktop port (this computer)',
  side: 'server',
  scriptId: 'port-owner',
  input: () => ({}),
  schema: portOwnerDataSchema,
  essential: ['listeners'],
  parse(raw: Json) {
    const listeners: PortListener[] = asRecords(raw.listeners).map((l) => {
      const services = asArray(l.services)
        .map((s) => text(s))
        .filter(Boolean);
      return {
        localAddress: text(l.localAddress),
        localPort: num(l.localPort) ?? 0,
        processId: num(l.processId) ?? 0,
        processName: str(l.processName) || null,
        services,
        termService: services.some((s) => s.toLowerCase() === 'termservice'),
      };
    });
    return { listenerPort: num(raw.listenerPort) ?? 3389, listeners, termServiceListens: listeners.some((l) => l.termService), problems: problemsOf(raw) };
  },
  judge(data) {
    const others = data.listeners.filter((l) => !l.termService);
    if (data.listeners.length === 0) return { status: 'fail', summary: `Nothing listens on port ${data.listenerPort}: Remote Desktop Services is not accepting connections.` };
    if (!data.termServiceListens) return { status: 'fail', summary: `Port ${data.listenerPort} is taken by ${others.map(listenerWords).join('; ')}, not by Remote Desktop Services.` };
    if (others.length > 0) return { status: 'warn', summary: `Remote Desktop Services listens on port ${data.listenerPort}, and so does ${others.map(listenerWords).join('; ')}.` };
    return { status: 'pass', summary: `Remote Desktop Services listens on port ${data.listenerPort} (${data.listeners.map(listenerWords).join('; ')}).` };
  },
};
