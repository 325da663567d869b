// `assay sign`, `assay verify` and `assay keygen`: the evidence folder's integrity, seen from the
// command line. The work is in src/evidence; this file reads arguments and prints.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { EvidenceError, MANIFEST_FILE } from '../evidence/manifest.ts';
import { type ArtifactCheck, signManifest, type VerifyResult, verifyDir, writeKeyPair } from '../evidence/signing.ts';
import { type LedgerCheck, verifyStore } from '../pipeline/audit-store.ts';
import { EXIT, type Io } from './io.ts';

export function registerEvidenceCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  // Expected problems (bad key, no manifest) become a message and exit 2; anything else is a bug and propagates.
  const guarded =
    <A extends unknown[]>(action: (...args: A) => void) =>
    (...args: A): void => {
      try {
        action(...args);
      } catch (error) {
        if (!(error instanceof EvidenceError)) throw error;
        io.stderr(`error: ${error.message}\n`);
        setExit(EXIT.error);
      }
    };

  program
    .command('sign')
    .description('sign an evidence folder’s manifest.json with an Ed25519 private key (writes manifest.sig)')
    .argument('<dir>', 'evidence folder holding manifest.json')
    .requiredOption('--key <private.pem>', 'Ed25519 private key, PEM (from `assay keygen`)')
    .action(
      guarded((dir: string, options: { key: string }) => {
        const pem = readKeyFile(options.key);
        const signature = signManifest(dir, pem, { keyFile: options.key });
        io.stdout(`signed ${path.join(dir, MANIFEST_FILE)} with key ${signature.keyId}\n`);
        setExit(EXIT.ok);
      }),
    );

  program
    .command('verify')
    .description(
      'check every artifact hash in an evidence folder and the manifest signature, or (--store) a run store’s ledger',
    )
    .argument('[dir]', 'evidence folder holding manifest.json')
    .option('--store <file|url>', 'check the run ledger of this store instead (a SQLite file or a postgres:// URL)')
    .option(
      '--public-key <pub.pem>',
      'require a signature by this Ed25519 public key (without it, only integrity is checked, not authenticity)',
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      async (dir: string | undefined, options: { publicKey?: string; format: 'table' | 'json'; store?: string }) => {
        if (options.store !== undefined) {
          if (dir !== undefined) throw new EvidenceError('give either an evidence folder or --store, not both');
          const check = await verifyStore(options.store);
          io.stdout(options.format === 'json' ? `${JSON.stringify(check, null, 2)}\n` : renderLedgerCheck(check));
          setExit(check.ok ? EXIT.ok : EXIT.failed);
          return;
        }
        if (dir === undefined) throw new EvidenceError('give an evidence folder, or --store');
        verifyFolder(dir, options);
      },
    );
  const verifyFolder = guarded((dir: string, options: { publicKey?: string; format: 'table' | 'json' }) => {
    const result = verifyDir(
      dir,
      options.publicKey === undefined
        ? {}
        : { publicKeyPem: readKeyFile(options.publicKey), publicKeyFile: options.publicKey },
    );
    io.stdout(options.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderVerify(dir, result));
    setExit(result.ok ? EXIT.ok : EXIT.failed);
  });

  program
    .command('keygen')
    .description('create an Ed25519 key pair for signing evidence (assay-signing.key, assay-signing.pub)')
    .requiredOption('--out-dir <dir>', 'folder to write the two key files into')
    .action(
      guarded((options: { outDir: string }) => {
        const written = writeKeyPair(options.outDir);
        io.stdout(
          `wrote ${written.privateKeyFile} (private, mode 0600: keep it secret, never commit it)\n` +
            `wrote ${written.publicKeyFile} (give this to whoever verifies)\n` +
            `key id ${written.keyId}\n`,
        );
        setExit(EXIT.ok);
      }),
    );
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EvidenceError(`${file}: cannot read key file (${code ?? (error as Error).message})`);
  }
}

/** One line per problem, each naming its file, then the signature state and a verdict. */
export function renderVerify(dir: string, result: VerifyResult): string {
  const lines: string[] = [];
  if (result.manifestError) lines.push(`invalid: ${result.manifestError}`);
  for (const artifact of result.artifacts) {
    const line = artifactLine(artifact);
    if (line) lines.push(line);
  }
  for (const file of result.unlisted) lines.push(`unlisted: ${file} (not in ${MANIFEST_FILE})`);
  lines.push(signatureLine(result));
  if (result.authenticity === 'not-checked') {
    lines.push(
      'authenticity: NOT checked: the hashes show the files match manifest.json, but without --public-key ' +
        'nothing shows who wrote them (anyone able to write the folder can rewrite and re-sign it)',
    );
  }
  const okCount = result.artifacts.filter((a) => a.state === 'ok').length;
  lines.push(
    result.ok
      ? result.authenticity === 'checked'
        ? `verified: ${dir}: ${okCount} artifacts unchanged, signed by the trusted key`
        : `verified (integrity only): ${dir}: ${okCount} artifacts unchanged`
      : `FAILED: ${dir}: ${okCount} of ${result.artifacts.length} artifacts unchanged`,
  );
  return `${lines.join('\n')}\n`;
}

function artifactLine(artifact: ArtifactCheck): string | undefined {
  switch (artifact.state) {
    case 'ok':
      return undefined;
    case 'changed':
      return `changed: ${artifact.path} (sha256 expected ${artifact.expectedSha256}, found ${artifact.actualSha256})`;
    case 'missing':
      return `missing: ${artifact.path}`;
    case 'unreadable':
      return `unreadable: ${artifact.path} (${artifact.message})`;
  }
}

function signatureLine({ signature }: VerifyResult): string {
  switch (signature.state) {
    case 'valid':
      return signature.trusted
        ? `signature: valid (key ${signature.keyId}, the trusted key)`
        : `signature: valid for the key it carries (${signature.keyId}); pass --public-key to require a particular signer`;
    case 'absent':
      return signature.trusted
        ? `signature: absent (${signature.message}; a signature by key ${signature.trustedKeyId} was required)`
        : `signature: absent (${signature.message}; hashes checked, but anyone could have rewritten them)`;
    case 'missing':
      return `signature: missing (${signature.message})`;
    case 'untrusted-key':
      return `signature: untrusted-key (${signature.message})`;
    case 'invalid':
      return `signature: invalid (${signature.message})`;
  }
}

/** One line per problem, then a verdict naming the store and its head. */
export function renderLedgerCheck(check: LedgerCheck): string {
  const lines = check.problems.map((p) => `problem: ${p}`);
  const counts = `${check.runs} runs, ${check.pruned} pruned, ${check.documents} documents`;
  const head = check.head ? `; head entry ${check.head.seq} ${check.head.hash}` : '';
  lines.push(
    check.ok
      ? `verified: ${check.location}: ledger intact (${counts}${head})`
      : `FAILED: ${check.location}: ${check.problems.length} problems (${counts})`,
  );
  return `${lines.join('\n')}\n`;
}
