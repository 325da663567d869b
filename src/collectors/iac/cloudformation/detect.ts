// Format detection for the orchestrator: a parsed YAML/JSON document that is a CloudFormation template.
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const TYPE = /^[A-Za-z][A-Za-z0-9]*::[A-Za-z0-9]/;

/** A type name, or for a rain directive (`{"Rain::Module": "./x.yml"}`) the directive's name. */
function typeName(type: unknown): string {
  if (typeof type === 'string') return type;
  return isObject(type) && Object.keys(type).length === 1 ? (Object.keys(type)[0] as string) : '';
}

export function looksLikeCloudFormation(parsed: unknown): boolean {
  if (!isObject(parsed)) return false;
  if (parsed.AWSTemplateFormatVersion !== undefined) return true;
  if (!isObject(parsed.Resources)) return false;
  // A Resources map whose entries carry CloudFormation types: AWS::*, Custom::*, Alexa::*, registry
  // and module types (Vendor::Service::Resource) and tool types such as Rain::Module; or a loop.
  return Object.entries(parsed.Resources).some(
    ([key, resource]) => key.startsWith('Fn::ForEach::') || (isObject(resource) && TYPE.test(typeName(resource.Type))),
  );
}
