// `npm run bench` (after scripts/bench.ts, whose synthetic Terraform repo it reuses): the CLI end
// to end as a user starts it, `node bin/assay.js`, from the build (the bundle in dist/cli): `--version`, a
// 50-file Terraform folder and the 1,000-file repo. Medians of several runs; targets from issue 14.
// Wall time is what the targets are about; the CPU time (user + system, every thread of the
// process) is printed beside it because on a shared machine it moves far less than wall time, and
// so is the main thread's own CPU time (Linux): the scan's critical path, since parse workers and
// the garbage collector's helpers run beside it, so on an idle 2-core machine the wall time is
// about this figure plus the waits for workers (docs/startup.md).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');
const tf = path.join(repoRoot, '.bench/tf');
if (!existsSync(tf)) throw new Error('run scripts/bench.ts first: it writes .bench/tf');

// The build the bin starts: made now, so the figures are never those of tsx.
const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');

const fifty = path.join(repoRoot, '.bench/tf50');
rmSync(fifty, { recursive: true, force: true });
mkdirSync(fifty);
for (const dir of readdirSync(tf).sort().slice(0, 5))
  cpSync(path.join(tf, dir), path.join(fifty, dir), { recursive: true });

// Loaded before the CLI: at exit it prints the process's CPU time and (where /proc has it, in clock
// ticks of 1/100 s) the main thread's as the last line of stderr.
const CPU_HOOK = `data:text/javascript,import{readFileSync}from'node:fs';process.on('exit',()=>{const u=process.cpuUsage();let m=NaN;try{const f=readFileSync('/proc/self/task/'+process.pid+'/stat','utf8').split(') ')[1].split(' ');m=(Number(f[11])+Number(f[12]))/100}catch{}process.stderr.write('\\ncpu-seconds '+(u.user+u.system)/1e6+' main '+m+'\\n')})`;

interface Figure {
  wall: number;
  cpu: number;
  main: number;
}

function median(label: string, args: string[], runs: number): Figure {
  const wall: number[] = [];
  const cpu: number[] = [];
  const main: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['--import', CPU_HOOK, path.join(repoRoot, 'bin/assay.js'), ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    wall.push(Number(process.hrtime.bigint() - started) / 1e9);
    // 0: clean, 1: findings; anything else means the figure measures a failure.
    if (run.status !== 0 && run.status !== 1) throw new Error(`${label} failed (${run.status}): ${run.stderr}`);
    const figures = /cpu-seconds (\S+) main (\S+)\n$/.exec(run.stderr);
    cpu.push(Number(figures?.[1] ?? Number.NaN));
    main.push(Number(figures?.[2] ?? Number.NaN));
  }
  const middle = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  return { wall: middle(wall), cpu: middle(cpu), main: middle(main) };
}

const rows: [string, Figure, number][] = [
  ['assay --version', median('version', ['--version'], 7), 0.2],
  ['scan, 50 Terraform files', median('scan 50', ['scan', fifty, '--format', 'json', '--output', '/dev/null'], 5), 1],
  [
    // scripts/bench.ts writes 10 resources a file (12 blocks; the versioning blocks join their
    // buckets) and the scan adds one iac.file resource per file.
    'scan, 1,000 files (11,000 resources)',
    median('scan 1000', ['scan', tf, '--format', 'json', '--output', '/dev/null'], 3),
    1.75,
  ],
];
console.log(
  '\nCLI end to end (node bin/assay.js, the bundled build), medians: wall time (the target), CPU time of the process and of its main thread',
);
for (const [label, { wall, cpu, main }, target] of rows) {
  console.log(
    `${label.padEnd(38)} ${wall.toFixed(2)} s wall   ${cpu.toFixed(2)} s CPU (main thread ${main.toFixed(2)} s)   target < ${target} s wall ${wall < target ? 'met' : 'NOT met'}`,
  );
}
