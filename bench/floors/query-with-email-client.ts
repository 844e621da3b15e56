import { SESClient } from '@aws-sdk/client-ses';

// The floor of the retry job: both clients it uses, created once, and one query (with
// nothing due, that query is all a run does).
export const ses = new SESClient({});
export { handler } from './query-table.js';
