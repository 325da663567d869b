// Fuzzing CloudFormation: the intrinsic-function resolver over generated templates (nested Fn::*
// with wrong arities and types, conditions that refer to themselves), and the whole collector over
// the same templates as YAML text and over YAML-shaped token soup.

import { afterAll, describe, it } from 'vitest';
import { stringify } from 'yaml';
import { cfnTemplate, yamlSoup } from './generators.ts';
import { anyText, noProblems, worker } from './harness.ts';

afterAll(() => worker.stop());

describe('fuzz: CloudFormation', () => {
  it('resolves generated intrinsics to values, UNKNOWN or references, never an exception or a hang', () =>
    noProblems('cfnIntrinsics', cfnTemplate));
  it('collects generated templates written as YAML', () =>
    noProblems(
      'cloudformation',
      cfnTemplate.map((t) => stringify(t)),
    ));
  it('collects generated templates written as JSON', () =>
    noProblems(
      'cloudformation',
      cfnTemplate.map((t) => JSON.stringify(t)),
    ));
  it('survives YAML token soup and arbitrary text', () =>
    noProblems(
      'cloudformation',
      yamlSoup.map((s) => `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${s}`),
    ));
  it('survives arbitrary text', () => noProblems('cloudformation', anyText));
});
