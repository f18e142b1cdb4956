import { execFile } from 'node:child_process';
import { startXrdp, startShadowNla, startFault, stopAll } from './e2e/servers';
function run(port: number, extra: string[] = []): Promise<string> {
  return new Promise((res) => {
    const t = Date.now();
    execFile('xvfb-run', ['-a', 'xfreerdp', `/v:127.0.0.1:${port}`, '/u:rdpdoctor', '/p:Secret123', '/cert:ignore', '+auth-only', ...extra], { timeout: 20000 }, (err, stdout, stderr) => {
      res(`code=${(err as any)?.code ?? 0} ${Date.now() - t}ms ${(stdout + stderr).split('\n').filter((l) => /ERROR|WARN|error/i.test(l)).slice(0, 3).join(' | ').slice(0, 400)}`);
    });
  });
}
async function main() {
  for (const sc of ['valid-cert', 'key-mismatch', 'tls-legacy-only', 'rdp-only'] as const) {
    const s = await startXrdp(sc);
    console.log(sc, await run(s.port));
    await s.stop();
  }
  const sh = await startShadowNla();
  console.log('shadow-good', await run(sh.port, []));
  console.log('shadow-creds', await new Promise((res) => execFile('xvfb-run', ['-a', 'xfreerdp', `/v:127.0.0.1:${sh.port}`, `/u:${sh.info.user}`, `/p:${sh.info.password}`, '/cert:ignore', '+auth-only'], { timeout: 20000 }, (err, so, se) => res(`code=${(err as any)?.code ?? 0} ${(so+se).slice(-300)}`))));
  await sh.stop();
  for (const k of ['tls-then-reset', 'tls-ok', 'reset-after-client-hello', 'flaky'] as const) {
    const f = await startFault(k);
    console.log(k, await run(f.port));
    await f.stop();
  }
  await stopAll();
}
main().then(() => process.exit(0));
