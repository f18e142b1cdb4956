import { describe, expect, it } from 'vitest';
import { commandAddress, commandHost, commandThumbprint, mstscAddress, psQuote } from './commandText';

describe('command text', () => {
  it('quotes for PowerShell single-quoted strings, typographic quotes included', () => {
    expect(psQuote("it's")).toBe("'it''s'");
    expect(psQuote('a\u2019b')).toBe("'a\u2019\u2019b'");
  });

  it('accepts only hosts the target parser accepts', () => {
    expect(commandHost({ host: 'pc-042.corp.example' })).toBe('pc-042.corp.example');
    expect(commandHost({ host: '2001:db8::5' })).toBe('2001:db8::5');
    expect(commandHost({ host: "pc'; calc; '" })).toBeNull();
    expect(commandHost({ host: 'pc$(whoami)' })).toBeNull();
    expect(commandHost({ host: 'a b' })).toBeNull();
    expect(commandAddress('10.0.0.5')).toBe('10.0.0.5');
    expect(commandAddress('10.0.0.5; rm -rf')).toBeNull();
    expect(commandThumbprint('3c:5a:91:0b:77:e2:4d:18:9f:60:ab:cd:ef:01:23:45:67:89:ab:cd')).toBe('3C5A910B77E24D189F60ABCDEF0123456789ABCD');
    expect(commandThumbprint("AB'; Remove-Item")).toBeNull();
  });

  it('writes mstsc addresses with IPv6 in brackets and the port only when not 3389', () => {
    expect(mstscAddress('10.0.0.5', 3389)).toBe('10.0.0.5');
    expect(mstscAddress('10.0.0.5', 3390)).toBe('10.0.0.5:3390');
    expect(mstscAddress('2001:db8::5', 3389)).toBe('[2001:db8::5]');
    expect(mstscAddress('2001:db8::5', 3390)).toBe('[2001:db8::5]:3390');
  });
});
