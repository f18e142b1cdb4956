import { describe, expect, it } from 'vitest';
import { ERROR_0X904_0X7_MEANING, recognizeErrorText } from './errorCodes';

const DIALOG_EN = `Remote Desktop Connection
This computer can't connect to the remote computer.

Try connecting again. If the problem continues, contact the owner of the remote computer or your network administrator.

Error code: 0x904
Extended error code: 0x7
Timestamp (UTC): 2024-11-08T09:59:12.345Z
Activity ID: {4b7c1f7e-9d0a-4d8e-8a2d-1f0b9c3e5a11}`;

describe('recognizeErrorText', () => {
  it('recognises 0x904 with extended 0x7 and explains it in one sentence', () => {
    const r = recognizeErrorText(DIALOG_EN)!;
    expect(r.code).toBe('0x904');
    expect(r.main?.name).toBe('disconnectReasonAtClientWinsockFDCLOSE');
    expect(r.extended).toMatchObject({ code: '0x7', name: 'exDiscReasonServerDeniedConnection' });
    expect(r.meaning).toBe(ERROR_0X904_0X7_MEANING);
    expect(r.meaning).toBe('The remote computer, or something on the way to it, closed the connection while it was being secured.');
    expect(r.likelySteps[0]).toBe('certificate');
    expect(r.messages).toEqual(['cannot-connect']);
    expect(r.codes).toEqual(['0x904', '0x7']);
  });

  it.each([
    ['one line', 'Error code: 0x904 Extended error code: 0x7'],
    ['German', 'Fehlercode: 0x904\nErweiterter Fehlercode: 0x7'],
    ['French', "Code d'erreur : 0x904\nCode d'erreur étendu : 0x7"],
    ['Spanish', 'Código de error: 0x904\nCódigo de error extendido: 0x7'],
    ['Japanese', 'エラー コード: 0x904\n拡張エラー コード: 0x7'],
    ['upper-case hex', 'ERROR CODE: 0X904, EXTENDED ERROR CODE: 0X7'],
    ['unlabelled, in dialog order', 'Fout 0x904 / 0x7'],
  ])('reads the codes from %s text', (_, text) => {
    const r = recognizeErrorText(text)!;
    expect(r.code).toBe('0x904');
    expect(r.extended?.code).toBe('0x7');
    expect(r.meaning).toBe(ERROR_0X904_0X7_MEANING);
  });

  it('reads the decimal reason from the client event log', () => {
    const r = recognizeErrorText('RDP ClientActiveX has been disconnected (Reason= 2308)')!;
    expect(r.code).toBe('0x904');
    expect(r.extended).toBeUndefined();
    expect(r.meaning).toContain('socket closed');
  });

  it.each([
    ['0x204', 'reachability', 'disconnectReasonSocketConnectFailed'],
    ['0x104', 'reachability', 'disconnectReasonDNSLookupFailed'],
    ['0x108', 'reachability', 'disconnectReasonConnectionTimedOut'],
    ['0x706', 'certificate', 'disconnectReasonServerCertificateUnpackErr'],
    ['0x906', 'certificate', 'disconnectReasonInternalSecurityError'],
  ])('knows %s', (code, step, name) => {
    const r = recognizeErrorText(`Error code: ${code}\nExtended error code: 0x0`)!;
    expect(r.main?.name).toBe(name);
    expect(r.likelySteps[0]).toBe(step);
    expect(r.extended?.name).toBe('exDiscReasonNoInfo');
  });

  it.each([
    ['0x3', 'exDiscReasonServerLogonTimeout', '0x4'],
    ['0x3', 'exDiscReasonServerDeniedConnectionFips', '0x8'],
    ['0x3', 'exDiscReasonServerInsufficientPrivileges', '0x9'],
  ])('combines %s with the extended reason %s', (main, name, extended) => {
    const r = recognizeErrorText(`Error code: ${main}\nExtended error code: ${extended}`)!;
    expect(r.main?.name).toBe('disconnectReasonByServer');
    expect(r.extended?.name).toBe(name);
    expect(r.meaning).toContain(r.extended!.meaning);
  });

  it('recognises the CredSSP encryption oracle message without a code', () => {
    const text =
      'An authentication error has occurred.\nThe function requested is not supported\n\nRemote computer: 10.0.0.5\nThis could be due to CredSSP encryption oracle remediation.';
    const r = recognizeErrorText(text)!;
    expect(r.code).toBeNull();
    expect(r.messages).toContain('credssp-encryption-oracle');
    expect(r.likelySteps).toEqual(['security', 'certificate']);
    expect(r.meaning).toContain('CredSSP');
  });

  it('recognises the time difference message as a clock problem', () => {
    const r = recognizeErrorText('Remote Desktop cannot verify the identity of the remote computer because there is a time or date difference between your computer and the remote computer.')!;
    expect(r.messages).toEqual(['time-difference']);
    expect(r.likelySteps).toContain('certificate');
  });

  it('treats the protocol range of extended codes as protocol errors', () => {
    expect(recognizeErrorText('Error code: 0x3\nExtended error code: 0x10c9')!.extended?.name).toBe('exDiscReasonProtocolRange');
  });

  it('ignores HRESULTs inside a message and does not invent meanings for undocumented codes', () => {
    expect(recognizeErrorText('The Local Security Authority cannot be contacted (0x80090304).')).toBeNull();
    expect(recognizeErrorText('Error code: 0x507')).toBeNull();
    expect(recognizeErrorText('hello')).toBeNull();
    expect(recognizeErrorText('')).toBeNull();
  });
});
