// The build keeps the shipped frameworks parsed (parsedFrameworksJson); a scan that reads them from
// there must load exactly what parsing the YAML gives, and anything edited must still be parsed.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultFrameworkDir, loadFrameworks, parsedFrameworksJson } from '../../src/frameworks/catalog.ts';

const parsed = () => JSON.parse(parsedFrameworksJson());

describe('shipped frameworks parsed at build time', () => {
  it('load the same frameworks as parsing the YAML', () => {
    const fromYaml = loadFrameworks([defaultFrameworkDir()], {});
    expect(fromYaml.length).toBeGreaterThanOrEqual(3);
    expect(loadFrameworks([defaultFrameworkDir()], parsed())).toEqual(fromYaml);
  });

  it('still give the line of a problem found after loading (a framework id defined twice)', () => {
    const twice = [defaultFrameworkDir(), defaultFrameworkDir()];
    const message = (given: Record<string, unknown>) => {
      try {
        loadFrameworks(twice, given);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(message(parsed())).toMatch(/\.yaml:\d+: framework id '.+' is already defined/);
    expect(message(parsed())).toBe(message({}));
  });

  it('are not used for a file whose text changed: the edited file is parsed and checked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assay-frameworks-'));
    cpSync(defaultFrameworkDir(), dir, { recursive: true });
    const file = join(dir, 'soc2-2017.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^framework: .*$/m, 'framework: 42'));
    expect(() => loadFrameworks([dir], parsed())).toThrow(/soc2-2017\.yaml:\d+: \/framework must be string/);
  });
});
