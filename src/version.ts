// The package version, read once from package.json (works from src/ and from a bundled dist/).
import { readFileSync } from 'node:fs';
import { assetPath } from './assets.ts';

export const VERSION: string = (JSON.parse(readFileSync(assetPath('package.json'), 'utf8')) as { version: string })
  .version;
