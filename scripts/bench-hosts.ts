// npm run bench:hosts — the host collector over SSH at scale: one real OpenSSH server on a
// loopback port (the tests' helper), 50 inventory aliases for it, collected with the default
// concurrency. Prints hosts per minute. Needs root and Debian's openssh-server (skips otherwise).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hostCollector } from '../src/collectors/host/collector.ts';
import { runCollector } from '../src/collectors/run.ts';
import { STRONG_CONFIG, sshdUnavailableReason, startSshd } from '../test/collectors/host/test-sshd.ts';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? hostCollector.options.properties.concurrency!.default);

async function main() {
  const reason = sshdUnavailableReason();
  if (reason) {
    console.log(`bench:hosts skipped: ${reason}`);
    return;
  }
  const sshd = await startSshd(STRONG_CONFIG);
  const dir = mkdtempSync(path.join(tmpdir(), 'assay-bench-hosts-'));
  try {
    const inventory = path.join(dir, 'hosts.yaml');
    const lines = Array.from(
      { length: HOSTS },
      (_, i) => `  - { name: host-${String(i + 1).padStart(2, '0')}, host: 127.0.0.1, port: ${sshd.port}, user: root }`,
    );
    writeFileSync(inventory, `hosts:\n${lines.join('\n')}\n`);
    const started = performance.now();
    const { source, resources } = await runCollector(
      hostCollector,
      { inventory, identity: sshd.clientKey, 'known-hosts': sshd.knownHosts, concurrency: CONCURRENCY, timeout: 600 },
      { root: dir, onProgress: (e) => process.stderr.write(`\r${e.message}   `) },
    );
    const seconds = (performance.now() - started) / 1000;
    const read = resources.filter((r) => r.kind === 'host.os').length;
    const unreadHosts = source.gaps.filter((g) => g.endpoint?.startsWith('root@')).length;
    process.stderr.write('\n');
    console.log(
      `${read}/${HOSTS} hosts over SSH in ${seconds.toFixed(1)} s with concurrency ${CONCURRENCY}: ` +
        `${((read / seconds) * 60).toFixed(1)} hosts/minute (${resources.length} resources, ${source.gaps.length} gaps, ${unreadHosts} hosts unread)`,
    );
  } finally {
    await sshd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
