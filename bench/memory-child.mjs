// Warm memory: one process answers many requests with the same bundle, then reports its
// peak resident set size.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile, countText] = process.argv.slice(2);
const template = JSON.parse(readFileSync(eventFile, 'utf8'));
const { handler } = await import(pathToFileURL(bundle).href);
const count = Number(countText);
const statuses = {};
for (let index = 0; index < count; index++) {
  // Each request a new applicant, so every one is a real save and send, not a replay.
  const body = JSON.parse(template.body);
  body.email = `memory-${process.pid}-${index}@example.org`;
  const event = {
    ...template,
    body: JSON.stringify(body),
    requestContext: { ...template.requestContext, requestId: `m-${index}` },
  };
  const response = await handler(event, {
    functionName: 'bench',
    awsRequestId: `m-${index}`,
    getRemainingTimeInMillis: () => 10_000,
  });
  statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
}
process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, statuses })}\n`);
// SDK clients keep sockets open (Lambda freezes the process instead); end it here.
process.exit(0);
