/**
 * What listens on the Remote Desktop port of this computer (11.14). Nothing: Remote Desktop Services
 * runs (or the services finding says it does not) but does not accept connections. Another program:
 * it took the port, so Remote Desktop cannot listen there and clients reach that program instead.
 */
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { portOwnerDataSchema, type PortListener } from '../../checks/windows/portOwner';
import { servicesDataSchema } from '../../checks/windows/services';
import { fix, powershellCommand, restartTermService, type FixContext } from '../../catalog';
import type { FixSuggestion } from '../../model';
import { usable } from '../read';
import type { Rule } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

export const rdpPortNotListening = windowsFindingDefinition('rdp-port-not-listening', 'error', 'reachability');

export const rdpPortTaken = windowsFindingDefinition('rdp-port-taken', 'error', 'reachability');

function freePort(ctx: FixContext, port: number, others: readonly PortListener[]): FixSuggestion {
  return fix(ctx, {
    id: 'free-rdp-port',
    title: 'Find the program on the Remote Desktop port and stop or move it',
    plain: 'Find out which program listens on the Remote Desktop port, then stop it, uninstall it or change its port, and restart Remote Desktop Services.',
    where: 'server',
    invasiveness: 'medium',
    risk: 'Whatever that program does stops while it is stopped. If you do not know it, ask IT: it may be a remote-access tool on purpose.',
    steps: ['On the computer you connect to, open PowerShell as administrator.', 'Run the first command: it shows the program and its path.', 'Stop or reconfigure that program, then restart Remote Desktop Services (this disconnects Remote Desktop users).'],
    commands: [
      powershellCommand('Show what listens on the port', `Get-NetTCPConnection -State Listen -LocalPort ${port} | ForEach-Object { Get-Process -Id $_.OwningProcess | Select-Object Id, ProcessName, Path }`),
      ...others.slice(0, 3).map((l) => powershellCommand(`Services in PID ${l.processId}`, `Get-CimInstance Win32_Service -Filter 'ProcessId=${l.processId}' | Select-Object Name, DisplayName, PathName`)),
    ],
  });
}

const words = (l: PortListener) => `${l.processName ?? 'unknown process'} (PID ${l.processId}${l.services.length > 0 ? `, services ${l.services.join(', ')}` : ''}) on ${l.localAddress}`;

export const portOwnerRule: Rule = eachResult(WINDOWS_CHECK_IDS.portOwner, portOwnerDataSchema, ({ data, input, ctx, ev, found }) => {
  // With TermService stopped, termservice-stopped says it (and starting it is the fix).
  const termStopped = usable(input.checks, WINDOWS_CHECK_IDS.services, servicesDataSchema).some((r) => r.data.services.some((s) => s.name === 'TermService' && (!s.exists || s.status !== 'Running')));
  if (data.termServiceListens) return null;
  const others = data.listeners.filter((l) => !l.termService);
  if (others.length > 0) {
    const program = [...new Set(others.map((l) => l.processName ?? `process ${l.processId}`))].join(', ');
    return found(rdpPortTaken, { vars: { port: data.listenerPort, program, listeners: others.map(words).join('; ') }, evidence: others.map((l) => ev(`Listening on ${l.localAddress}:${l.localPort}`, words(l))), fixes: [freePort(ctx, data.listenerPort, others)] });
  }
  if (termStopped) return null;
  return found(rdpPortNotListening, { vars: { port: data.listenerPort, termService: 'The services check did not report TermService as stopped' }, evidence: [ev(`TCP ${data.listenerPort}`, 'no listener')], fixes: [restartTermService(ctx)] });
});
