import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Cheap: it only makes a state folder. The Samba domain controller starts when a
    // *.dc.test.ts file asks for it (test/ad/shared-dc.ts), once per run.
    globalSetup: ['test/ad/global-setup.ts'],
  },
});
