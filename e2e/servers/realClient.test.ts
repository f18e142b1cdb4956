import { describe, expect, it } from 'vitest';
import { classifyClientRun } from './realClient';

describe('classifyClientRun (xfreerdp +auth-only)', () => {
  it('transport failures by FreeRDP error or exit code', () => {
    expect(classifyClientRun(143, false, 'transport_connect_tls:freerdp_set_last_error_ex ERRCONNECT_TLS_CONNECT_FAILED [0x00020008]')).toBe('transport-failed');
    expect(classifyClientRun(147, false, 'BIO_read returned a system error 104: Connection reset by peer')).toBe('transport-failed');
    expect(classifyClientRun(133, false, 'ERRCONNECT_SECURITY_NEGO_CONNECT_FAILED')).toBe('transport-failed');
    expect(classifyClientRun(141, false, '')).toBe('transport-failed');
  });

  it('through: exit 0, or a later failure after the server settings were read', () => {
    expect(classifyClientRun(0, false, 'Authentication only, exit status 0')).toBe('through');
    expect(classifyClientRun(131, false, 'rdp_set_error_info:freerdp_set_last_error_ex ERRINFO_LOGOFF_BY_USER [0x0001000C]')).toBe('through');
    expect(classifyClientRun(null, true, '[com.freerdp.core.gcc] - requested 4 channels, got 0 instead')).toBe('through');
  });

  it('killed without any sign of progress: no answer', () => {
    expect(classifyClientRun(null, true, '')).toBe('no-answer');
    expect(classifyClientRun(1, false, 'something else')).toBe('transport-failed');
  });
});
