// Format detection for the orchestrator: a parsed JSON document that is an ARM deployment template.
export function looksLikeArm(parsed: unknown): boolean {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const schema = (parsed as Record<string, unknown>).$schema;
  return typeof schema === 'string' && /deploymentTemplate\.json#?$/i.test(schema);
}
