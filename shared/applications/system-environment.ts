import { ulid } from 'ulid';
import type { Environment } from './application-ports.js';
import { newReference } from './reference.js';

/** The real clock and id sources: ULIDs sort by time and cannot be guessed. */
export const systemEnvironment: Environment = {
  now: () => new Date(),
  newId: () => ulid(),
  newReference: () => newReference(),
};
