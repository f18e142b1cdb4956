/**
 * Start one harness server by hand (debugging, or a Playwright webServer entry):
 *   node --import tsx e2e/servers/cli.ts xrdp expired-cert
 *   node --import tsx e2e/servers/cli.ts shadow [nla|tls|rdp]
 *   node --import tsx e2e/servers/cli.ts fault neg-failure-5 [--host ADDRESS] [--port N]
 *   node --import tsx e2e/servers/cli.ts closed | filtered | available | cleanup
 * Prints one JSON line {name, host, port, info}, then keeps the server up until SIGINT/SIGTERM or
 * --max-seconds (default 600) and stops it cleanly.
 */
import {
  cleanupLeftovers,
  closedPort,
  FAULT_KINDS,
  filteredPort,
  serversAvailable,
  startFault,
  startShadowNla,
  startXrdp,
  stopAll,
  XRDP_SCENARIOS,
  type FaultKind,
  type RunningServer,
  type ShadowSecurity,
  type XrdpScenario,
} from './index';

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: cli.ts xrdp <${XRDP_SCENARIOS.join('|')}>\n       cli.ts shadow [nla|tls|rdp]\n` +
      `       cli.ts fault <${FAULT_KINDS.join('|')}|neg-failure-N>\n       cli.ts closed | filtered | available | cleanup\n` +
      '       [--max-seconds N]  (fault only: [--host ADDRESS] [--port N])\n',
  );
  process.exit(2);
}

/** JSON without PEM blobs (keys stay in the files). */
function printable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'certPem' || key === 'keyPem' ? undefined : v))) as unknown;
}

const args = process.argv.slice(2);
const maxIndex = args.indexOf('--max-seconds');
const maxSeconds = maxIndex >= 0 ? Number(args.splice(maxIndex, 2)[1]) : 600;
if (!Number.isFinite(maxSeconds) || maxSeconds <= 0) usage('--max-seconds needs a positive number');
/** Removes `--name VALUE` from args and returns VALUE (undefined when absent). */
function takeOption(name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args.splice(index, 2)[1];
  if (value === undefined) usage(`${name} needs a value`);
  return value;
}
const faultHost = takeOption('--host');
const faultPortText = takeOption('--port');
const faultPort = faultPortText === undefined ? undefined : Number(faultPortText);
if (faultPort !== undefined && !(Number.isInteger(faultPort) && faultPort > 0 && faultPort < 65536)) usage('--port needs a port number');
const [what, which] = args;

let cleanupExtra: (() => Promise<void>) | null = null;
let server: RunningServer<object> | null = null;

switch (what) {
  case 'xrdp':
    if (!which || !XRDP_SCENARIOS.includes(which as XrdpScenario)) usage(`unknown xrdp scenario ${which ?? ''}`);
    server = await startXrdp(which as XrdpScenario);
    break;
  case 'shadow':
    if (which && !['nla', 'tls', 'rdp'].includes(which)) usage(`unknown shadow security ${which}`);
    server = await startShadowNla({ sec: (which ?? 'nla') as ShadowSecurity });
    break;
  case 'fault':
    if (!which || !(FAULT_KINDS.includes(which as FaultKind) || /^neg-failure-\d+$/.test(which))) usage(`unknown fault ${which ?? ''}`);
    server = await startFault(which as FaultKind, { ...(faultHost ? { host: faultHost } : {}), ...(faultPort ? { port: faultPort } : {}) });
    break;
  case 'closed':
    process.stdout.write(`${JSON.stringify({ name: 'closed', host: '127.0.0.1', port: await closedPort() })}\n`);
    process.exit(0);
    break;
  case 'filtered': {
    const f = await filteredPort();
    if ('skipped' in f) {
      process.stdout.write(`${JSON.stringify(f)}\n`);
      process.exit(1);
    }
    process.stdout.write(`${JSON.stringify({ name: 'filtered', host: f.host, port: f.port, info: { rule: f.rule } })}\n`);
    cleanupExtra = () => f.remove();
    break;
  }
  case 'available':
    process.stdout.write(`${JSON.stringify(serversAvailable())}\n`);
    process.exit(0);
    break;
  case 'cleanup':
    process.stdout.write(`${JSON.stringify(await cleanupLeftovers())}\n`);
    process.exit(0);
    break;
  default:
    usage(`unknown command ${what ?? ''}`);
}

if (server) process.stdout.write(`${JSON.stringify({ name: server.name, host: server.host, port: server.port, info: printable(server.info) })}\n`);

let finishing = false;
const finish = async (code: number): Promise<void> => {
  if (finishing) return;
  finishing = true;
  if (cleanupExtra) await cleanupExtra();
  await stopAll();
  process.exit(code);
};
process.on('SIGINT', () => void finish(0));
process.on('SIGTERM', () => void finish(0));
setTimeout(() => void finish(0), maxSeconds * 1000);
