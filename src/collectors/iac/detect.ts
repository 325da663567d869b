// Which IaC format a file holds, decided from its name and, for JSON/YAML, its content.
import { parseAllDocuments } from 'yaml';
import type { IacFormat } from '../../kit/format-contract.ts';
import { MAX_YAML_ALIAS_COUNT } from '../../kit/limits.ts';
import { describeJsonError, yamlErrorMessage } from '../../kit/located.ts';
import { looksLikeArm } from './arm/index.ts';
import { looksLikeCloudFormation } from './cloudformation/index.ts';
import { looksLikeKubernetes } from './kubernetes/index.ts';

export type Detection = { format: IacFormat } | { format: null; error?: { line: number; message: string } };

const YAML_EXT = /\.(ya?ml)$/i;
const JSON_EXT = /\.(json|template)$/i;

export function isCandidate(file: string): boolean {
  return /\.(tf|tfvars|json|ya?ml|template)$/i.test(file);
}

function looksLikePlan(value: unknown): boolean {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' && v !== null && 'format_version' in v && ('planned_values' in v || 'terraform_version' in v)
  );
}

function classify(docs: unknown[]): IacFormat | null {
  if (docs.some(looksLikePlan)) return 'terraform-plan';
  if (docs.some(looksLikeArm)) return 'arm';
  if (docs.some(looksLikeCloudFormation)) return 'cloudformation';
  if (docs.some(looksLikeKubernetes)) return 'kubernetes';
  return null;
}

/** Guess for a file that does not parse, so the right collector reports the precise error. */
function classifyText(content: string): IacFormat | null {
  if (/AWSTemplateFormatVersion|\bAWS::[A-Za-z0-9]+::/.test(content)) return 'cloudformation';
  if (/deploymentTemplate\.json/.test(content)) return 'arm';
  if (/"planned_values"|"terraform_version"/.test(content)) return 'terraform-plan';
  if (/^\s*apiVersion\s*:/m.test(content) && /^\s*kind\s*:/m.test(content)) return 'kubernetes';
  return null;
}

export function detectFormat(relPath: string, content: string): Detection {
  // Terraform's JSON syntax is Terraform (the Terraform collector reads it).
  if (/\.tf(\.json)?$/i.test(relPath)) return { format: 'terraform' };
  if (/\.tfvars(\.json)?$/i.test(relPath)) return { format: 'tfvars' };
  if (JSON_EXT.test(relPath)) {
    try {
      return { format: classify([JSON.parse(content)]) };
    } catch (error) {
      const format = classifyText(content);
      if (format) return { format };
      return { format: null, error: jsonError(content, error as Error) };
    }
  }
  if (YAML_EXT.test(relPath) || JSON_EXT.test(relPath)) {
    const docs = parseAllDocuments(content);
    const list = Array.isArray(docs) ? docs : [docs];
    const firstError = list.flatMap((d) => d.errors)[0];
    let format: IacFormat | null = null;
    try {
      format = classify(list.map((d) => d.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT })));
    } catch {
      // A document too broken to convert: fall through to the text guess below.
    }
    if (format) return { format };
    if (firstError || format === null) {
      const guessed = classifyText(content);
      if (guessed) return { format: guessed };
      if (!firstError) return { format: null };
      return {
        format: null,
        error: { line: firstError.linePos?.[0]?.line ?? 1, message: yamlErrorMessage(firstError) },
      };
    }
  }
  return { format: null };
}

/** Where the JSON is broken, for the gap; the message quotes none of the file's text (it may be a secret). */
function jsonError(content: string, error: Error): { line: number; message: string } {
  const { line, column, message } = describeJsonError(content, error);
  return { line, message: column === undefined ? message : `${message} (column ${column})` };
}
