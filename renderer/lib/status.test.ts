import { describe, expect, it } from 'vitest';
import { checkLabel, checkName } from './status';

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
