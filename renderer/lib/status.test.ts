import { describe, expect, it } from 'vitest';
import { NOTHING_TO_CHECK_LABEL } from '../../shared/report/view';
import { checkLabel, checkName, verdictLook } from './status';

describe('check names', () => {
  it('the UDP check says the port it tried, not a fixed 3389', () => {
    expect(checkLabel({ id: 'udp', data: { port: 33891, address: '127.0.0.1' } })).toBe('UDP 33891');
    expect(checkLabel({ id: 'udp', data: { port: 3389 } })).toBe('UDP 3389');
    expect(checkLabel({ id: 'udp', data: {} })).toBe('UDP, same port');
  });

  it('other checks: our name, else the label the run gave, else the id in words', () => {
    expect(checkLabel({ id: 'tcp', data: {} })).toBe('TCP connection');
    expect(checkName('win-new-thing', { 'win-new-thing': 'A new Windows check' })).toBe('A new Windows check');
    expect(checkName('win-new-thing')).toBe('Win new thing');
  });
});

describe('how a step verdict looks', () => {
  it('a step with nothing to check for this target: "Nothing to check", neutral, never "could not be checked"', () => {
    const look = verdictLook({ verdict: 'not-checked', nothingToCheck: true });
    expect(look).toMatchObject({ label: 'Nothing to check', tone: 'neutral' });
    expect(look.label).toBe(NOTHING_TO_CHECK_LABEL);
    expect(look.icon).not.toBe(verdictLook({ verdict: 'not-checked' }).icon);
  });

  it('a step where something was left unchecked still says so', () => {
    expect(verdictLook({ verdict: 'not-checked' })).toMatchObject({ label: 'Could not be checked', tone: 'neutral' });
    expect(verdictLook({ verdict: 'pass' })).toMatchObject({ label: 'Passed', tone: 'success' });
    expect(verdictLook({ verdict: 'fail' })).toMatchObject({ label: 'Problem found', tone: 'danger' });
  });

  it('the flag counts on a "not-checked" verdict only', () => {
    expect(verdictLook({ verdict: 'cancelled', nothingToCheck: true }).label).toBe('Cancelled');
  });
});
