#!/usr/bin/env node
// Runs the TypeScript sources through tsx's loader, so `npm ci` is all a user needs.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/run.ts');
