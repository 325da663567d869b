// The run's provenance in the reports that had none: SARIF (versionControlProvenance and the
// invocation), OSCAL (metadata props) and the terminal table; an unknown value is left out, never guessed.
import { describe, expect, it } from 'vitest';
import { renderOscal } from '../../src/reports/oscal.ts';
import { renderSarif } from '../../src/reports/sarif.ts';
import { renderTable } from '../../src/reports/table.ts';
import { sampleResults } from './sample-results.ts';

describe('provenance in SARIF, OSCAL and the table', () => {
  it('names repository, commit, branch, who and where, and leaves out what is unknown', async () => {
    const results = await sampleResults();
    const run = results.run!;
    const p = run.provenance!;
    const sarif = JSON.parse(renderSarif(results)).runs[0];
    expect(sarif.versionControlProvenance).toEqual([
      { repositoryUri: p.repository, revisionId: p.commit, branch: p.branch },
    ]);
    expect(sarif.invocations[0]).toMatchObject({
      startTimeUtc: run.startedAt,
      endTimeUtc: run.finishedAt,
      machine: p.host,
      account: p.actor,
      properties: { runId: run.id },
    });
    const oscal = JSON.parse(renderOscal(results));
    const props = Object.fromEntries(
      (oscal['assessment-results'].metadata.props as { name: string; value: string }[]).map((x) => [x.name, x.value]),
    );
    expect(props).toMatchObject({ 'run-id': run.id, repository: p.repository, commit: p.commit, 'run-by': p.actor });
    const table = renderTable(results, { color: false });
    expect(table).toContain(`run ${run.id} · ${p.repository} · commit ${p.commit!.slice(0, 12)}`);

    // A run that could not find its repository says nothing of one.
    const unknown = { ...results, run: { ...run, provenance: { ...p, repository: null, host: null } } };
    expect(JSON.parse(renderSarif(unknown)).runs[0].versionControlProvenance).toBeUndefined();
    expect(JSON.parse(renderSarif(unknown)).runs[0].invocations[0].machine).toBeUndefined();
    const unknownProps = JSON.parse(renderOscal(unknown))['assessment-results'].metadata.props as { name: string }[];
    expect(unknownProps.map((x) => x.name)).not.toContain('repository');
    expect(renderTable(unknown, { color: false })).toContain(`by ${p.actor} on unknown`);
  });
});
