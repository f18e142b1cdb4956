/** Remote Desktop Services (TermService) is stopped or disabled on this computer. */
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { servicesDataSchema } from '../../checks/windows/services';
import { startTermService } from '../../catalog';
import type { Rule } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

export const termServiceStopped = windowsFindingDefinition('termservice-stopped', 'error', 'reachability');

export const servicesRule: Rule = eachResult(WINDOWS_CHECK_IDS.services, servicesDataSchema, ({ data, ctx, ev, found }) => {
  const term = data.services.find((s) => s.name === 'TermService');
  if (!term || !term.exists || (term.status === 'Running' && term.startType !== 'Disabled')) return null;
  const describe = (name: string) => {
    const s = data.services.find((x) => x.name === name);
    return s ? (s.exists ? `${s.status ?? 'unknown'}, start ${s.startType ?? 'unknown'}${s.account ? `, as ${s.account}` : ''}` : 'not installed') : 'unknown';
  };
  const start = startTermService(ctx);
  return found(termServiceStopped, {
    vars: { state: term.startType === 'Disabled' ? 'disabled' : (term.status ?? 'not running').toLowerCase(), term: describe('TermService'), sessionEnv: describe('SessionEnv'), umrdp: describe('UmRdpService') },
    evidence: data.services.map((s) => ev(s.name, describe(s.name))),
    // The start-termservice module exists (electron/fixes); automatic where it may run.
    fixes: [{ ...start, automatic: ctx.platform === 'win32' && ctx.targetIsLocal }],
  });
});
