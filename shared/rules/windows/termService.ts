/** Remote Desktop Services (TermService) is stopped or disabled on this computer. */
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { servicesDataSchema } from '../../checks/windows/services';
import { startTermService } from '../../catalog';
import type { Rule } from '../types';
import { eachResult, type WindowsFindingDefinition } from './finding';

export const termServiceStopped: WindowsFindingDefinition = {
  id: 'termservice-stopped',
  severity: 'error',
  step: 'reachability',
  title: 'The Remote Desktop service is not running on this computer',
  plain: 'Remote Desktop Services (TermService) is {state}, so nothing answers Remote Desktop connections here. Starting it fixes that; it does not affect anyone signed in.',
  detail: 'TermService: {term}; SessionEnv: {sessionEnv}; UmRdpService: {umrdp}. TermService runs as NETWORK SERVICE; a disabled start type must be changed to Manual or Automatic first.',
};

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
