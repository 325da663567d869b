// The CLI as separate processes (bin/assay.js), for what only processes can show: several audits
// writing one store at once, and an audit killed midway.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { repoRoot } from '../cli/run-cli.ts';

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'assay.js'), ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, stderr: () => stderr };
}

export function runCliProcess(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Finished> {
  return startCli(args, cwd, env).done;
}

/** A TCP server that accepts connections and never says a word: an SSH collection to it waits. */
export async function silentServer(): Promise<{ port: number; close: () => void }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** Resolves when `check` is true, polling while a process does its work (never a timed assertion). */
export async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  child?: ChildProcess,
): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (await check()) return;
    if (child && child.exitCode !== null) throw new Error(`the process ended before ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}
