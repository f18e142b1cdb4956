/**
 * A real RDP client as the judge: FreeRDP's xfreerdp with +auth-only (connect, secure, authenticate,
 * then exit), on a private Xvfb display. Its verdict says whether the connection failed on the
 * transport (TCP, X.224 negotiation, TLS, MCS, NLA transport) or got through it, with the evidence.
 */
import { findExecutable, spawnManaged, type ManagedProcess } from './process';
import { startXvfb } from './shadow';
import { makeTempDir, type TempDir } from './tempdir';

export type ClientVerdict =
  /** Exit 0, or a later failure (activation, logoff, licensing) after the transport worked. */
  | 'through'
  /** Failed while connecting or securing: what mstsc reports as 0x904 and its neighbours. */
  | 'transport-failed'
  /** Still connecting when the limit passed: no answer the client could use. */
  | 'no-answer';

export interface ClientRun {
  verdict: ClientVerdict;
  exitCode: number | null;
  /** The client's error lines that decided it (at most 5). */
  evidence: string[];
  durationMs: number;
}

/**
 * FreeRDP 2's connect errors before or while the transport is secured (freerdp/error.h), as they
 * appear in its log, and the xfreerdp exit codes that carry them (XF_EXIT_CONN_FAILED family:
 * 141 connect failed, 142 MCS Connect-Initial error, 143 TLS connect failed, 147 transport failed).
 */
const TRANSPORT_ERRORS = /ERRCONNECT_(TLS_CONNECT_FAILED|CONNECT_TRANSPORT_FAILED|MCS_CONNECT_INITIAL_ERROR|CONNECT_FAILED|SECURITY_NEGO_CONNECT_FAILED|DNS_NAME_NOT_FOUND)/;
const TRANSPORT_EXIT_CODES = new Set([141, 142, 143, 147]);
/** Signs that the transport worked: the server's settings were read, activation was awaited, or the server sent an error info PDU. */
const PAST_TRANSPORT = /requested \d+ channels|Timeout waiting for activation|ERRINFO_|Authentication only, exit status 0/;

/** Classify one run from its exit and its log. Pure. */
export function classifyClientRun(exitCode: number | null, killed: boolean, log: string): ClientVerdict {
  const transport = TRANSPORT_ERRORS.test(log) || (exitCode !== null && TRANSPORT_EXIT_CODES.has(exitCode));
  if (transport) return 'transport-failed';
  if (exitCode === 0 || PAST_TRANSPORT.test(log)) return 'through';
  return killed ? 'no-answer' : 'transport-failed';
}

export interface RealClient {
  /** One xfreerdp +auth-only run against host:port, bounded by limitMs. */
  connect(host: string, port: number, options?: { user?: string; password?: string; domain?: string; limitMs?: number }): Promise<ClientRun>;
  stop(): Promise<void>;
}

/** Why the real client cannot run here, or null. */
export function realClientUnavailableReason(): string | null {
  if (process.platform !== 'linux') return `xfreerdp runs on Linux only here (platform ${process.platform})`;
  if (!findExecutable('xfreerdp')) return 'xfreerdp is not installed (apt-get install freerdp2-x11)';
  if (!findExecutable('Xvfb')) return 'Xvfb is not installed (apt-get install xvfb)';
  return null;
}

/** Starts a private Xvfb for the client runs. */
export async function startRealClient(): Promise<RealClient> {
  const reason = realClientUnavailableReason();
  if (reason) throw new Error(`startRealClient: ${reason}`);
  const dir: TempDir = await makeTempDir('xfreerdp');
  const xvfb = await startXvfb(findExecutable('Xvfb')!, dir.path, 10_000);
  const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: xvfb.display, HOME: dir.path, XDG_CONFIG_HOME: dir.path };
  delete env.XAUTHORITY;
  delete env.WAYLAND_DISPLAY;
  const running = new Set<ManagedProcess>();
  return {
    async connect(host, port, options = {}) {
      const limitMs = options.limitMs ?? 8000;
      const args = [
        `/v:${host}:${port}`,
        `/u:${options.user ?? 'rdpdoctor'}`,
        `/p:${options.password ?? 'not-a-password'}`,
        ...(options.domain ? [`/d:${options.domain}`] : []),
        '/cert:ignore',
        '+auth-only',
        '/log-level:ERROR',
      ];
      const started = Date.now();
      const proc = spawnManaged(findExecutable('xfreerdp')!, args, { cwd: dir.path, env });
      running.add(proc);
      let killed = false;
      let seenThrough = false;
      const timer = setTimeout(() => {
        killed = true;
        void proc.stop(1000);
      }, limitMs);
      // Once the log shows the transport worked there is nothing more to learn: stop early (bounded by limitMs anyway).
      const watch = setInterval(() => {
        if (!seenThrough && PAST_TRANSPORT.test(proc.output())) {
          seenThrough = true;
          killed = true;
          void proc.stop(1000);
        }
      }, 100);
      const exit = await proc.exited;
      clearTimeout(timer);
      clearInterval(watch);
      running.delete(proc);
      const log = proc.output();
      const verdict = classifyClientRun(killed ? null : exit.code, killed, log);
      const evidence = log
        .split('\n')
        .filter((l) => /ERROR|ERRCONNECT|ERRINFO/.test(l))
        .slice(-5)
        .map((l) => l.replace(/^\[[^\]]*\] \[[^\]]*\] /, '').slice(0, 200));
      return { verdict, exitCode: killed ? null : exit.code, evidence, durationMs: Date.now() - started };
    },
    async stop() {
      await Promise.all([...running].map((p) => p.stop(1000)));
      await xvfb.proc.stop(2000);
      await dir.remove();
    },
  };
}
