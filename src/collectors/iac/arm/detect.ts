// Format detection for the orchestrator: a parsed JSON document that is an ARM deployment template,
// or a deployment body that wraps one ({"properties": {"template": {...}}}).
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTemplate(value: unknown): boolean {
  return isObject(value) && typeof value.$schema === 'string' && /deploymentTemplate\.json#?$/i.test(value.$schema);
}

export function looksLikeArm(parsed: unknown): boolean {
  if (isTemplate(parsed)) return true;
  return isObject(parsed) && isObject(parsed.properties) && isTemplate(parsed.properties.template);
}
