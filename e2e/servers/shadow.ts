import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyCertInto, generateCert, type CertInfo, type CertKind } from './certs';
import { ntHash } from './md4';
import { freePort, LOOPBACK, waitForTcp } from './ports';
import { extraPipe, findExecutable, spawnManaged, type ManagedProcess } from './process';
import { track } from './registry';
import { makeTempDir, type TempDir } from './tempdir';
import type { ExpectedAnswers, RunningServer } from './types';
import { FAILURE, PROTOCOL } from './x224';

/**
 * FreeRDP 2.11's shadow server (freerdp-shadow-cli), sharing a private Xvfb display. With /sec:nla
 * it requires CredSSP and authenticates against a SAM file we write (user:domain:LM:NT:::).
 *
 * The certificate is ours: the shadow server reads $XDG_CONFIG_HOME/freerdp/shadow/shadow.{crt,key}
 * (and would generate a self-signed one for CN=<hostname> there otherwise). HOME and XDG_CONFIG_HOME
 * point into the server's temp dir so nothing is written to the real home directory.
 */
export type ShadowSecurity = 'nla' | 'tls' | 'rdp' | 'ext';

export interface ShadowOptions {
  /** Security the server forces (/sec:...). Default 'nla'. */
  sec?: ShadowSecurity;
  user?: string;
  password?: string;
  /** The SAM file gets one line without a domain and one with this domain. Default 'RDPDOCTOR'. */
  domain?: string;
  /** Certificate served in TLS. Default 'valid' (CN=localhost). */
  cert?: CertKind;
  /** Give up after this long (default 10 s) waiting for Xvfb and then the listener. */
  startTimeoutMs?: number;
  /** Extra freerdp-shadow-cli arguments, e.g. ['+sec-ext']. */
  extraArgs?: string[];
}

export interface ShadowInfo {
  sec: ShadowSecurity;
  user: string;
  password: string;
  domain: string;
  /** NT hash (MD4 of UTF-16LE password), 32 hex digits, as written to the SAM file. */
  ntHash: string;
  samFile: string;
  cert: CertInfo;
  expectedCommonName: string;
  /** Expected X.224 answers for requestedProtocols 0, 1, 3, 11 (verified by servers.test.ts); null for 'ext'. */
  expect: ExpectedAnswers | null;
  /** X display of the private Xvfb, e.g. ":3". */
  display: string;
  pid: number;
  xvfbPid: number;
  tempDir: string;
}

const NLA_EXPECT: ExpectedAnswers = {
  '0': { failure: FAILURE.HYBRID_REQUIRED_BY_SERVER },
  '1': { failure: FAILURE.HYBRID_REQUIRED_BY_SERVER },
  '3': { selected: PROTOCOL.HYBRID },
  '11': { selected: PROTOCOL.HYBRID }, // HYBRID_EX is off unless +sec-ext
};

const EXPECT: Record<ShadowSecurity, ExpectedAnswers | null> = {
  nla: NLA_EXPECT,
  tls: {
    '0': { failure: FAILURE.SSL_REQUIRED_BY_SERVER },
    '1': { selected: PROTOCOL.SSL },
    '3': { selected: PROTOCOL.SSL },
    '11': { selected: PROTOCOL.SSL },
  },
  // Like Windows with SecurityLayer=0 (and unlike xrdp, which selects RDP for every request).
  rdp: {
    '0': { selected: PROTOCOL.RDP },
    '1': { failure: FAILURE.SSL_NOT_ALLOWED_BY_SERVER },
    '3': { failure: FAILURE.SSL_NOT_ALLOWED_BY_SERVER },
    '11': { failure: FAILURE.SSL_NOT_ALLOWED_BY_SERVER },
  },
  // FreeRDP 2.11's /sec:ext answers RDP_NEG_FAILURE 1 to every request (even 8 and 11): not usable.
  ext: null,
};

/** Starts Xvfb with -displayfd (it picks a free display itself) and waits for the display number, bounded. */
export async function startXvfb(binary: string, dir: string, timeoutMs: number): Promise<{ proc: ManagedProcess; display: string }> {
  const proc = spawnManaged(binary, ['-displayfd', '3', '-screen', '0', '1024x768x24', '-nolisten', 'tcp', '-noreset'], {
    cwd: dir,
    extraPipes: 1,
  });
  const pipe = extraPipe(proc, 3);
  const display = await new Promise<string | null>((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(null), timeoutMs);
    pipe?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /^(\d+)\n/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(`:${m[1] ?? ''}`);
      }
    });
    void proc.exited.then(() => {
      clearTimeout(timer);
      resolve(null);
    });
  });
  if (!display) {
    const output = proc.output();
    await proc.stop(1000);
    throw new Error(`Xvfb did not report a display within ${timeoutMs} ms.\n${output}`);
  }
  return { proc, display };
}

/** Starts freerdp-shadow-cli with NLA (by default) and a SAM file on a free loopback port, under its own Xvfb. */
export async function startShadowNla(options: ShadowOptions = {}): Promise<RunningServer<ShadowInfo>> {
  const shadowBinary = findExecutable('freerdp-shadow-cli');
  if (!shadowBinary) throw new Error('startShadowNla: freerdp-shadow-cli is not installed (apt-get install freerdp2-shadow-x11)');
  const xvfbBinary = findExecutable('Xvfb');
  if (!xvfbBinary) throw new Error('startShadowNla: Xvfb is not installed (apt-get install xvfb)');

  const sec = options.sec ?? 'nla';
  const user = options.user ?? 'tester';
  const password = options.password ?? 'Passw0rd!';
  const domain = options.domain ?? 'RDPDOCTOR';
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  const hash = ntHash(password);

  const dir: TempDir = await makeTempDir(`shadow-${sec}`);
  let xvfb: ManagedProcess | null = null;
  try {
    const samFile = join(dir.path, 'sam');
    // winpr's SamLookupUser compares user and domain lengths exactly: one line per domain form.
    await writeFile(samFile, `${user}::${''.padStart(32, '0')}:${hash}:::\n${user}:${domain}:${''.padStart(32, '0')}:${hash}:::\n`, { mode: 0o600 });
    const xdg = join(dir.path, 'xdg');
    const certDir = join(xdg, 'freerdp', 'shadow');
    await mkdir(certDir, { recursive: true });
    const cert = await copyCertInto(await generateCert(options.cert ?? 'valid'), certDir, 'shadow');

    const started = await startXvfb(xvfbBinary, dir.path, timeoutMs);
    xvfb = started.proc;
    const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: started.display, HOME: dir.path, XDG_CONFIG_HOME: xdg };
    delete env.XAUTHORITY;
    delete env.WAYLAND_DISPLAY;

    let lastFailure = '';
    for (let attempt = 1; attempt <= 3; attempt++) {
      const port = await freePort();
      const args = [`/port:${port}`, `/bind-address:${LOOPBACK}`, `/sec:${sec}`, `/sam-file:${samFile}`, ...(options.extraArgs ?? [])];
      const proc = spawnManaged(shadowBinary, args, { cwd: dir.path, env });
      const xvfbProc: ManagedProcess = xvfb;
      const ready = await waitForTcp(LOOPBACK, port, { timeoutMs, stillAlive: () => proc.isRunning() && xvfbProc.isRunning() });
      if (ready) {
        const info: ShadowInfo = {
          sec,
          user,
          password,
          domain,
          ntHash: hash,
          samFile,
          cert,
          expectedCommonName: cert.commonName,
          expect: EXPECT[sec],
          display: started.display,
          pid: proc.pid,
          xvfbPid: xvfbProc.pid,
          tempDir: dir.path,
        };
        return track<ShadowInfo>({
          host: LOOPBACK,
          port,
          name: `shadow:${sec}`,
          info,
          async stop() {
            await proc.stop(3000);
            await xvfbProc.stop(3000);
            await dir.remove();
          },
          async logs() {
            return `--- freerdp-shadow-cli output ---\n${proc.output()}\n--- Xvfb output ---\n${xvfbProc.output()}`;
          },
        });
      }
      const stillRunning = proc.isRunning();
      await proc.stop(1000);
      lastFailure = `attempt ${attempt} on port ${port}: ${stillRunning ? `not listening after ${timeoutMs} ms` : 'exited'}\n--- output ---\n${proc.output()}\n--- Xvfb ---\n${xvfbProc.output()}`;
      if (!xvfbProc.isRunning() || !/bind|address already in use/i.test(proc.output())) break;
    }
    throw new Error(`startShadowNla did not come up.\n${lastFailure}`);
  } catch (err) {
    if (xvfb) await xvfb.stop(1000);
    await dir.remove();
    throw err;
  }
}
