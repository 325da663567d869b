// moto (an independently written AWS emulator) for the online tests: started per test file as
// `moto_server` on a loopback port and seeded with boto3, which comes with moto. Missing moto
// skips those tests with a printed warning, unless ASSAY_MOTO_TESTS=require (set in .ci/run).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export function motoAvailable(): boolean {
  try {
    execFileSync('moto_server', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.ASSAY_MOTO_TESTS === 'require')
      throw new Error('moto_server is required (ASSAY_MOTO_TESTS=require) but missing: pip install "moto[server]"');
    console.warn('WARNING: moto_server not found: the moto tests are skipped (pip install "moto[server]")');
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class Moto {
  private child?: ChildProcess;
  url = '';

  async start(): Promise<this> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        const response = await fetch(`${this.url}/moto-api/`);
        if (response.status < 500) return this;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('moto_server did not start');
  }

  /** Runs a boto3 script against this server (`kw` holds endpoint, region and test credentials). */
  seed(script: string): void {
    const prelude = [
      'import boto3',
      `kw = dict(endpoint_url=${JSON.stringify(this.url)}, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")`,
    ].join('\n');
    execFileSync('python3', ['-c', `${prelude}\n${script}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  }

  stop(): void {
    this.child?.kill();
  }
}
