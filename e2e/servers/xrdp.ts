import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecureVersion } from 'node:tls';
import { copyCertInto, generateCert, type CertInfo, type CertKind } from './certs';
import { freePort, LOOPBACK, waitForTcp } from './ports';
import { findExecutable, spawnManaged, type ManagedProcess } from './process';
import { track } from './registry';
import { makeTempDir, type TempDir } from './tempdir';
import type { ExpectedAnswers, RunningServer } from './types';
import { FAILURE, PROTOCOL } from './x224';

/**
 * Real xrdp (0.9.21) listeners, one process per scenario, configured by an xrdp.ini of their own.
 * Only the connection start is exercised (X.224 negotiation, TLS, RDP security); no xrdp-sesman.
 */
export type XrdpScenario =
  | 'valid-cert' // security_layer=tls, valid self-signed certificate for localhost
  | 'expired-cert' // security_layer=tls, certificate expired 30 days ago
  | 'not-yet-valid-cert' // security_layer=tls, certificate valid from 30 days from now
  | 'expiring-soon-cert' // security_layer=tls, certificate expires in 5 days
  | 'wrong-name-cert' // security_layer=tls, certificate for other.example
  | 'weak-cert' // security_layer=tls, RSA 1024 / SHA-1 certificate (tls_ciphers with @SECLEVEL=0)
  | 'key-mismatch' // security_layer=tls, key file does not belong to the certificate: TLS cannot start
  | 'no-cert' // security_layer=tls, certificate files missing: RDP_NEG_FAILURE 3 for every request
  | 'tls-legacy-only' // security_layer=tls, ssl_protocols=TLSv1, TLSv1.1 only
  | 'rdp-only' // security_layer=rdp: standard RDP security only
  | 'negotiate' // security_layer=negotiate with a valid certificate
  | 'negotiate-no-cert' // security_layer=negotiate without certificate files: falls back to RDP security
  | 'tls-inspected'; // security_layer=tls, certificate issued by a CA named like a FortiGate inspection CA

export const XRDP_SCENARIOS: readonly XrdpScenario[] = [
  'valid-cert', 'expired-cert', 'not-yet-valid-cert', 'expiring-soon-cert', 'wrong-name-cert', 'weak-cert',
  'key-mismatch', 'no-cert', 'tls-legacy-only', 'rdp-only', 'negotiate', 'negotiate-no-cert', 'tls-inspected',
];

type SecurityLayer = 'tls' | 'rdp' | 'negotiate';

interface ScenarioSpec {
  securityLayer: SecurityLayer;
  cert: CertKind | 'none';
  sslProtocols: string;
  tlsCiphers: string | null;
  /** TLS versions a client can complete a handshake with (empty when TLS never starts). */
  tlsVersions: SecureVersion[];
  expect: ExpectedAnswers;
  /** True when the confirm selects TLS but the TLS handshake then fails (server sends an MCS disconnect and closes). */
  tlsBroken: boolean;
}

const MODERN: SecureVersion[] = ['TLSv1.2', 'TLSv1.3'];
const TLS_ONLY: ExpectedAnswers = {
  '0': { failure: FAILURE.SSL_REQUIRED_BY_SERVER },
  '1': { selected: PROTOCOL.SSL },
  '3': { selected: PROTOCOL.SSL },
  '11': { selected: PROTOCOL.SSL },
};
const RDP_ALWAYS: ExpectedAnswers = {
  '0': { selected: PROTOCOL.RDP },
  '1': { selected: PROTOCOL.RDP },
  '3': { selected: PROTOCOL.RDP },
  '11': { selected: PROTOCOL.RDP },
};

function tlsScenario(cert: CertKind, extra: Partial<ScenarioSpec> = {}): ScenarioSpec {
  return { securityLayer: 'tls', cert, sslProtocols: 'TLSv1.2, TLSv1.3', tlsCiphers: null, tlsVersions: MODERN, expect: TLS_ONLY, tlsBroken: false, ...extra };
}

const SCENARIOS: Record<XrdpScenario, ScenarioSpec> = {
  'valid-cert': tlsScenario('valid'),
  'expired-cert': tlsScenario('expired'),
  'not-yet-valid-cert': tlsScenario('not-yet-valid'),
  'expiring-soon-cert': tlsScenario('expiring-soon'),
  'wrong-name-cert': tlsScenario('wrong-name'),
  // Debian's OpenSSL defaults to SECLEVEL=2, where xrdp cannot load a 1024-bit key ("ee key too small").
  'weak-cert': tlsScenario('weak', { tlsCiphers: 'DEFAULT:@SECLEVEL=0' }),
  'key-mismatch': tlsScenario('key-mismatch', { tlsVersions: [], tlsBroken: true }),
  'no-cert': tlsScenario('valid', {
    cert: 'none',
    tlsVersions: [],
    expect: {
      '0': { failure: FAILURE.SSL_CERT_NOT_ON_SERVER },
      '1': { failure: FAILURE.SSL_CERT_NOT_ON_SERVER },
      '3': { failure: FAILURE.SSL_CERT_NOT_ON_SERVER },
      '11': { failure: FAILURE.SSL_CERT_NOT_ON_SERVER },
    },
  }),
  'tls-legacy-only': tlsScenario('valid', { sslProtocols: 'TLSv1, TLSv1.1', tlsCiphers: 'DEFAULT:@SECLEVEL=0', tlsVersions: ['TLSv1', 'TLSv1.1'] }),
  'rdp-only': { securityLayer: 'rdp', cert: 'valid', sslProtocols: 'TLSv1.2, TLSv1.3', tlsCiphers: null, tlsVersions: [], expect: RDP_ALWAYS, tlsBroken: false },
  negotiate: {
    securityLayer: 'negotiate',
    cert: 'valid',
    sslProtocols: 'TLSv1.2, TLSv1.3',
    tlsCiphers: null,
    tlsVersions: MODERN,
    expect: { '0': { selected: PROTOCOL.RDP }, '1': { selected: PROTOCOL.SSL }, '3': { selected: PROTOCOL.SSL }, '11': { selected: PROTOCOL.SSL } },
    tlsBroken: false,
  },
  'tls-inspected': tlsScenario('inspected'),
  'negotiate-no-cert': { securityLayer: 'negotiate', cert: 'none', sslProtocols: 'TLSv1.2, TLSv1.3', tlsCiphers: null, tlsVersions: [], expect: RDP_ALWAYS, tlsBroken: false },
};

export interface XrdpOptions {
  /** Give up after this long (default 10 s) waiting for the listener. */
  startTimeoutMs?: number;
  /** xrdp LogLevel (default INFO; DEBUG logs each negotiation step). */
  logLevel?: 'ERROR' | 'WARNING' | 'INFO' | 'DEBUG' | 'TRACE';
  /** Overrides for the scenario's settings. The info.expect table describes the scenario defaults only. */
  cert?: CertKind | 'none';
  sslProtocols?: string;
  tlsCiphers?: string;
}

export interface XrdpInfo {
  scenario: XrdpScenario;
  securityLayer: SecurityLayer;
  /** The certificate configured (paths inside this server's temp dir), null when none. */
  cert: CertInfo | null;
  /** Expected common name of the served certificate, null when no TLS. */
  expectedCommonName: string | null;
  sslProtocols: string;
  tlsCiphers: string | null;
  /** TLS versions a handshake succeeds with; [] when TLS never completes. */
  tlsVersions: SecureVersion[];
  /** Expected X.224 answers for requestedProtocols 0, 1, 3, 11 (verified by servers.test.ts). */
  expect: ExpectedAnswers;
  /** Confirm selects TLS, then xrdp fails to start TLS: sends an MCS Disconnect Provider Ultimatum (03 00 00 09 02 f0 80 21 80) and closes. */
  tlsBroken: boolean;
  pid: number;
  tempDir: string;
  iniPath: string;
  logPath: string;
}

function iniText(port: number, spec: { securityLayer: SecurityLayer; certPath: string; keyPath: string; sslProtocols: string; tlsCiphers: string | null }, logPath: string, logLevel: string): string {
  const lines = [
    '[Globals]',
    'ini_version=1',
    // One process, connections handled in threads; no fork, so stop() by PID ends everything.
    'fork=false',
    `port=tcp://${LOOPBACK}:${port}`,
    'use_vsock=false',
    'tcp_nodelay=true',
    'tcp_keepalive=true',
    `security_layer=${spec.securityLayer}`,
    'crypt_level=high',
    `certificate=${spec.certPath}`,
    `key_file=${spec.keyPath}`,
    `ssl_protocols=${spec.sslProtocols}`,
    ...(spec.tlsCiphers ? [`tls_ciphers=${spec.tlsCiphers}`] : []),
    'autorun=',
    'allow_channels=true',
    'max_bpp=32',
    '',
    '[Logging]',
    `LogFile=${logPath}`,
    `LogLevel=${logLevel}`,
    'EnableSyslog=false',
    'EnableConsole=false',
    '',
    '[Channels]',
    '',
  ];
  return lines.join('\n');
}

async function readIfExists(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

/** Starts xrdp for one scenario on a free loopback port. Throws (with xrdp's output and log) when it does not come up. */
export async function startXrdp(scenario: XrdpScenario, options: XrdpOptions = {}): Promise<RunningServer<XrdpInfo>> {
  const base = SCENARIOS[scenario];
  if (!base) throw new Error(`startXrdp: unknown scenario ${String(scenario)}`);
  const binary = findExecutable('xrdp');
  if (!binary) throw new Error('startXrdp: xrdp is not installed (apt-get install xrdp)');

  const certKind = options.cert ?? base.cert;
  const settings = {
    securityLayer: base.securityLayer,
    sslProtocols: options.sslProtocols ?? base.sslProtocols,
    tlsCiphers: options.tlsCiphers ?? base.tlsCiphers,
  };

  const dir: TempDir = await makeTempDir(`xrdp-${scenario}`);
  try {
    let cert: CertInfo | null = null;
    let certPath = join(dir.path, 'missing-cert.pem');
    let keyPath = join(dir.path, 'missing-key.pem');
    if (certKind !== 'none') {
      cert = await copyCertInto(await generateCert(certKind), dir.path, 'xrdp');
      certPath = cert.certPath;
      keyPath = cert.keyPath;
    }
    const iniPath = join(dir.path, 'xrdp.ini');
    const logPath = join(dir.path, 'xrdp.log');
    const timeoutMs = options.startTimeoutMs ?? 10_000;

    let lastFailure = '';
    // A free port can be taken between freePort() and xrdp's bind: retry with a new one.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const port = await freePort();
      await writeFile(iniPath, iniText(port, { ...settings, certPath, keyPath }, logPath, options.logLevel ?? 'INFO'));
      await writeFile(logPath, '');
      const proc: ManagedProcess = spawnManaged(binary, ['--nodaemon', '--config', iniPath], { cwd: dir.path });
      // "listening to port" is logged before bind(); "xrdp_listen_pp done" comes after a successful listen().
      const ready = await waitForTcp(LOOPBACK, port, {
        timeoutMs,
        stillAlive: () => proc.isRunning(),
        ready: async () => (await readIfExists(logPath)).includes('xrdp_listen_pp done'),
      });
      if (ready) {
        const info: XrdpInfo = {
          scenario,
          securityLayer: settings.securityLayer,
          cert,
          expectedCommonName: cert && base.tlsVersions.length > 0 ? cert.commonName : null,
          sslProtocols: settings.sslProtocols,
          tlsCiphers: settings.tlsCiphers,
          tlsVersions: base.tlsVersions,
          expect: base.expect,
          tlsBroken: base.tlsBroken,
          pid: proc.pid,
          tempDir: dir.path,
          iniPath,
          logPath,
        };
        return track<XrdpInfo>({
          host: LOOPBACK,
          port,
          name: `xrdp:${scenario}`,
          info,
          async stop() {
            await proc.stop(3000);
            await dir.remove();
          },
          async logs() {
            return `--- xrdp output ---\n${proc.output()}\n--- ${logPath} ---\n${await readIfExists(logPath)}`;
          },
        });
      }
      const stillRunning = proc.isRunning();
      await proc.stop(1000);
      const log = await readIfExists(logPath);
      lastFailure = `attempt ${attempt} on port ${port}: ${stillRunning ? `not listening after ${timeoutMs} ms` : `exited (${JSON.stringify(await proc.exited)})`}\n--- output ---\n${proc.output()}\n--- log ---\n${log}`;
      if (!/trans_listen_address failed|Address already in use/i.test(log + proc.output())) break;
    }
    throw new Error(`startXrdp(${scenario}) did not come up.\n${lastFailure}`);
  } catch (err) {
    await dir.remove();
    throw err;
  }
}
