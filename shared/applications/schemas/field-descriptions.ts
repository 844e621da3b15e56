import * as z from 'zod/mini';
import { choicesOf, type FieldMeta, isMultiLine } from './fields.js';

/** How a field is entered: free text, a number, a yes/no, one choice or several. */
export type FieldKind = 'text' | 'number' | 'boolean' | 'choice' | 'choices';

/** A field of an application schema, as forms and error messages need to know it. */
export interface FieldDescription {
  name: string;
  kind: FieldKind;
  required: boolean;
  meta: FieldMeta;
  /** For text fields: whether it may span lines. */
  multiline?: boolean;
  /** For choice fields: each value and the label a person reads. */
  choices?: Readonly<Record<string, string>>;
}

type AnySchema = z.core.$ZodType;

function metaOf(schema: AnySchema): Partial<FieldMeta> | undefined {
  return z.globalRegistry.get(schema) as Partial<FieldMeta> | undefined;
}

function kindOf(type: string): FieldKind {
  switch (type) {
    case 'number':
      return 'number';
    case 'boolean':
    case 'literal':
      return 'boolean';
    case 'enum':
      return 'choice';
    case 'array':
      return 'choices';
    default:
      return 'text';
  }
}

/** Describes one field, looking through `.optional()` and `.pipe()` to the value's type. */
export function describeField(name: string, schema: AnySchema): FieldDescription {
  let current = schema;
  let required = true;
  let meta = metaOf(current);
  let choices = choicesOf(current);
  let multiline = isMultiLine(current);
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
    if (def.type === 'optional' && def.innerType) {
      required = false;
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else {
      return {
        name,
        kind: kindOf(def.type),
        required,
        meta: { title: name, ...meta },
        ...(choices ? { choices } : {}),
        ...(multiline ? { multiline } : {}),
      };
    }
    meta = { ...metaOf(current), ...meta };
    choices ??= choicesOf(current);
    multiline ||= isMultiLine(current);
  }
}

const cache = new WeakMap<z.ZodMiniObject, Map<string, FieldDescription>>();

/** Every field of an object schema, by name, in declaration order. */
export function describeFields(schema: z.ZodMiniObject): Map<string, FieldDescription> {
  let fields = cache.get(schema);
  if (!fields) {
    fields = new Map(
      Object.entries(schema.shape).map(([name, field]) => [name, describeField(name, field)]),
    );
    cache.set(schema, fields);
  }
  return fields;
}
