import * as z from 'zod/mini';
import { type ApplicationType, applicationSchemas } from './application-types.js';

const cache = new Map<ApplicationType, unknown>();

/** The JSON Schema (draft 2020-12) of what a client may send for an application type. */
export function applicationJsonSchema(type: ApplicationType): unknown {
  let schema = cache.get(type);
  if (schema === undefined) {
    schema = z.toJSONSchema(applicationSchemas[type], { io: 'input', target: 'draft-2020-12' });
    cache.set(type, schema);
  }
  return schema;
}
