// Format detection for the orchestrator: a parsed YAML/JSON document that is a CloudFormation template.
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function looksLikeCloudFormation(parsed: unknown): boolean {
  if (!isObject(parsed)) return false;
  if (parsed.AWSTemplateFormatVersion !== undefined) return true;
  if (!isObject(parsed.Resources)) return false;
  // A Resources map whose entries carry CloudFormation types (AWS::*, Custom::*, Alexa::*).
  return Object.values(parsed.Resources).some(
    (resource) =>
      isObject(resource) && typeof resource.Type === 'string' && /^(AWS|Custom|Alexa)::/.test(resource.Type),
  );
}
