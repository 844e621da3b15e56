/** A CloudFormation value as a template holds it: a literal, or an intrinsic function. */
export type TemplateValue = unknown;

/** What a resource resolves to: its `Ref` and its `Fn::GetAtt` attributes. */
export interface ResolvedResource {
  ref: string;
  attributes?: Record<string, string>;
}

/** Thrown when a value names something the resolver was not told about. */
export class UnresolvableValueError extends Error {
  constructor(what: string) {
    super(`Cannot resolve ${what}: no local value for it`);
    this.name = 'UnresolvableValueError';
  }
}

/**
 * Resolves the intrinsic functions CDK writes (Ref, Fn::GetAtt, Fn::Join, Fn::Sub,
 * Fn::Select, Fn::Split) against the values of pseudo parameters and resources given.
 * Written here rather than taken from cfn-resolver-lib because it must fail, naming the
 * logical id, on anything it is not told about: a value left unresolved would reach a
 * function's environment or a policy as an object and hide the very drift this catches.
 */
export function createTemplateResolver(values: {
  pseudo: Record<string, string>;
  resource: (logicalId: string) => ResolvedResource | undefined;
}) {
  const ref = (name: string): string => {
    const pseudo = values.pseudo[name];
    if (pseudo !== undefined) return pseudo;
    const resource = values.resource(name);
    if (!resource) throw new UnresolvableValueError(`Ref ${name}`);
    return resource.ref;
  };
  const attribute = (logicalId: string, name: string): string => {
    const value = values.resource(logicalId)?.attributes?.[name];
    if (value === undefined) throw new UnresolvableValueError(`Fn::GetAtt ${logicalId}.${name}`);
    return value;
  };
  const sub = (text: string, variables: Record<string, string>) =>
    text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
      if (variables[name] !== undefined) return variables[name];
      const [logicalId, attr] = name.split('.');
      return attr ? attribute(logicalId as string, attr) : ref(name);
    });

  const resolve = (value: TemplateValue): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [first] = entries;
    if (entries.length === 1 && first) {
      const [key, argument] = first;
      switch (key) {
        case 'Ref':
          return ref(String(argument));
        case 'Fn::GetAtt': {
          const [logicalId, name] = Array.isArray(argument)
            ? argument.map(String)
            : String(argument).split('.');
          return attribute(String(logicalId), String(name));
        }
        case 'Fn::Join': {
          const [separator, parts] = argument as [string, TemplateValue[]];
          return (resolve(parts) as unknown[]).map(String).join(separator);
        }
        case 'Fn::Sub': {
          const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
          const resolved = resolve(variables) as Record<string, unknown>;
          return sub(
            String(text),
            Object.fromEntries(Object.entries(resolved).map(([k, v]) => [k, String(v)])),
          );
        }
        case 'Fn::Select': {
          const [index, list] = argument as [TemplateValue, TemplateValue];
          return (resolve(list) as unknown[])[Number(resolve(index))];
        }
        case 'Fn::Split': {
          const [separator, text] = argument as [string, TemplateValue];
          return String(resolve(text)).split(separator);
        }
        default:
          if (key.startsWith('Fn::')) throw new UnresolvableValueError(key);
      }
    }
    return Object.fromEntries(entries.map(([key, inner]) => [key, resolve(inner)]));
  };
  return resolve;
}
