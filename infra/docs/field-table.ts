import {
  type ApplicationType,
  applicationSchemas,
} from '../../shared/applications/schemas/application-types.js';
import { applicationJsonSchema } from '../../shared/applications/schemas/json-schema.js';

interface PropertySchema {
  type?: string;
  title?: string;
  description?: string;
  enum?: readonly string[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: PropertySchema;
}

interface ObjectSchema {
  properties: Record<string, PropertySchema>;
  required?: readonly string[];
}

const TYPES = Object.keys(applicationSchemas) as ApplicationType[];

function limitsOf(property: PropertySchema): string {
  if (property.const !== undefined) return `must be \`${JSON.stringify(property.const)}\``;
  if (property.type === 'array') {
    const count = `${property.minItems ?? 0} to ${property.maxItems ?? 'any'} of`;
    return `${count} ${property.items?.enum?.length ?? 'any'} choices`;
  }
  if (property.enum) return `one of ${property.enum.length} choices`;
  if (property.type === 'integer' || property.type === 'number') {
    return `whole number, ${property.minimum} to ${property.maximum}`;
  }
  if (property.type === 'boolean') return 'true or false';
  return `text, up to ${property.maxLength} characters`;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/**
 * The fields of every application form as a Markdown table, from the JSON Schema that
 * `GET /forms/{type}/schema` serves, so the docs cannot drift from what the API accepts.
 */
export function fieldTable(): string {
  const schemas = new Map(TYPES.map((type) => [type, applicationJsonSchema(type) as ObjectSchema]));
  const names = [
    ...new Set(TYPES.flatMap((type) => Object.keys(schemas.get(type)?.properties ?? {}))),
  ];
  const rows = names.map((name) => {
    const [property] = TYPES.map((type) => schemas.get(type)?.properties[name]).filter(
      (found): found is PropertySchema => found !== undefined,
    );
    const byType = TYPES.map((type) => {
      const schema = schemas.get(type);
      if (!schema?.properties[name]) return '—';
      return schema.required?.includes(name) ? 'required' : 'optional';
    });
    const label = property?.title ?? name;
    return `| \`${name}\` | ${cell(label)} | ${byType.join(' | ')} | ${cell(limitsOf(property ?? {}))} |`;
  });
  const header = `| field | label on the form | ${TYPES.join(' | ')} | what it takes |`;
  const rule = `| --- | --- | ${TYPES.map(() => '---').join(' | ')} | --- |`;
  return [header, rule, ...rows].join('\n');
}
