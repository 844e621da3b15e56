import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FilterPattern, matchesFilter } from '../../infra/local/event-filter.js';
import { TALLY_STREAM_MAPPING } from '../../infra/tally-stream.js';
import { type EmailKind, introductionKind } from '../../shared/applications/outbox.js';
import { itemKeys, matchingKeys } from '../../shared/applications/store/application-item.js';
import { tallyKey } from '../../shared/dashboard/store/tally-store.js';
import { synthesize } from './synth.js';

type Resource = { Properties: Record<string, unknown> };

let mapping: Resource['Properties'];
let tallyMapping: Resource['Properties'];
let table: Resource['Properties'];

beforeAll(() => {
  const { template } = synthesize();
  const mappings = Object.values(
    template.findResources('AWS::Lambda::EventSourceMapping'),
  ) as Resource[];
  expect(mappings).toHaveLength(2);
  const of = (folder: string) =>
    mappings.find((each) =>
      JSON.stringify(each.Properties.FunctionName).includes(`"Functions${folder}`),
    )?.Properties as Resource['Properties'];
  mapping = of('sendemails');
  tallyMapping = of('tallyapplications');
  const [found] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable')) as Resource[];
  table = (found as Resource).Properties;
});

/** The synthesized mapping's one filter, as Lambda reads it. */
function templatePattern(of = mapping): FilterPattern {
  const { Filters } = of.FilterCriteria as { Filters: Array<{ Pattern: string }> };
  expect(Filters).toHaveLength(1);
  return JSON.parse((Filters[0] as { Pattern: string }).Pattern) as FilterPattern;
}

/** A stream record as a KEYS_ONLY stream hands it to Lambda: the event and the keys, no values. */
const streamRecord = (
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  keys: { pk: string; sk: string },
): DynamoDBRecord => ({
  eventName,
  dynamodb: {
    Keys: { pk: { S: keys.pk }, sk: { S: keys.sk } },
    StreamViewType: 'KEYS_ONLY',
  },
});

// Every kind of email the code puts in the outbox.
const EVERY_KIND: EmailKind[] = [
  'confirmation',
  'staffNotification',
  introductionKind('01MENTOR', '01MATCH'),
  'withdrawalNotice',
  'deletionNotice',
];

describe('the email stream mapping in the template', () => {
  it('reads a keys-only stream: no name or address travels through it', () => {
    expect(table.StreamSpecification).toEqual({ StreamViewType: 'KEYS_ONLY' });
    expect(mapping.FunctionName).toEqual({ Ref: expect.stringMatching(/^Functionssendemails/) });
  });

  it('passes a new outbox email of every kind: each email that becomes pending is an INSERT of a new key', () => {
    const pattern = templatePattern();

    for (const kind of EVERY_KIND) {
      expect(matchesFilter(pattern, streamRecord('INSERT', itemKeys.email('01APP', kind)))).toBe(
        true,
      );
    }
  });

  it("passes no MODIFY or REMOVE, so the senders' own writes (claim, sent, failed, suppressed) never invoke the sender again", () => {
    const pattern = templatePattern();

    expect(pattern.eventName).toEqual(['INSERT']);
    for (const kind of EVERY_KIND) {
      const keys = itemKeys.email('01APP', kind);
      expect(matchesFilter(pattern, streamRecord('MODIFY', keys))).toBe(false);
      expect(matchesFilter(pattern, streamRecord('REMOVE', keys))).toBe(false);
    }
  });

  it('passes nothing but outbox emails', () => {
    const pattern = templatePattern();

    for (const keys of [
      itemKeys.application('01APP'),
      itemKeys.sesMessage('0100018f'),
      itemKeys.nameEntry('01APP', 'first-last'),
      matchingKeys.matchView('01APP', '01OTHER'),
      matchingKeys.menteeMatched('01APP'),
    ]) {
      expect(matchesFilter(pattern, streamRecord('INSERT', keys))).toBe(false);
    }
  });
});

describe("the dashboard's tally mapping in the template", () => {
  it('runs one batch at a time per shard, gathered for its window, as the local poller plays it', () => {
    expect(tallyMapping).toMatchObject({
      FunctionName: { Ref: expect.stringMatching(/^Functionstallyapplications/) },
      BatchSize: TALLY_STREAM_MAPPING.batchSize,
      ParallelizationFactor: 1,
      MaximumBatchingWindowInSeconds: TALLY_STREAM_MAPPING.maximumBatchingWindowInSeconds,
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: expect.anything() } },
    });
  });

  it('passes every change to an application or an outbox email, created, changed or removed', () => {
    const pattern = templatePattern(tallyMapping);

    for (const keys of [
      itemKeys.application('01APP'),
      ...EVERY_KIND.map((kind) => itemKeys.email('01APP', kind)),
    ]) {
      for (const event of ['INSERT', 'MODIFY', 'REMOVE'] as const) {
        expect(matchesFilter(pattern, streamRecord(event, keys))).toBe(true);
      }
    }
  });

  it('passes nothing else, its own counters and contributions included (no invocation loop)', () => {
    const pattern = templatePattern(tallyMapping);

    for (const keys of [
      tallyKey('cycle-1'),
      { pk: 'TALLIED#APPLICATION#01APP', sk: 'APPLICATION' },
      { pk: 'TALLIED#APPLICATION#01APP', sk: 'EMAIL#confirmation' },
      itemKeys.sesMessage('0100018f'),
      itemKeys.nameEntry('01APP', 'first-last'),
      matchingKeys.menteeMatched('01APP'),
      { pk: 'CYCLES', sk: 'CYCLE#c1' },
    ]) {
      expect(matchesFilter(pattern, streamRecord('MODIFY', keys))).toBe(false);
    }
  });
});
