// The GitHub Action's entry point: the runner executes the bundle of this file.
import { run } from './run.ts';

await run();
