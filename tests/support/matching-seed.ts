import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Submission } from '../../shared/domain/submission.js';
import type { Application } from '../../shared/schemas/application-types.js';
import { applicationItem } from '../../shared/store/application-item.js';
import { aMenteeApplication, aMentorApplication, uniqueEmail } from './builders.js';
import { dynamoDbClient } from './local-aws.js';

// BatchWriteItem takes at most 25 writes per call.
const BATCH_WRITE_LIMIT = 25;

function inReview(type: 'mentor' | 'mentee', application: Record<string, unknown>): Submission {
  const id = ulid();
  return {
    id,
    reference: `LACMA-${id.slice(-8)}`,
    type,
    status: 'under_review',
    createdAt: new Date().toISOString(),
    application: application as unknown as Application,
    confirmation: { state: 'sent', attempts: 1 },
    version: 2,
    history: [],
  };
}

/**
 * Mentors (of `capacity` each, one by default) and mentees, all under review and every pair
 * eligible, written straight to `tableName` as the intake and a review would leave them: a
 * pool whose run suggests min(mentees, mentors × capacity) pairs, without a trip through
 * the API for each application.
 */
export async function seedMatchablePool(
  tableName: string,
  size: { mentors: number; mentees: number; capacity?: number },
) {
  const client = DynamoDBDocumentClient.from(dynamoDbClient());
  const mentors = Array.from({ length: size.mentors }, (_, index) =>
    inReview(
      'mentor',
      aMentorApplication({
        firstName: `Mentor${index}`,
        email: uniqueEmail('bulk-mentor'),
        capacity: size.capacity ?? 1,
        menteeStages: ['medical_student'],
        languages: ['english'],
        meetingPreference: 'either',
      }),
    ),
  );
  const mentees = Array.from({ length: size.mentees }, (_, index) =>
    inReview(
      'mentee',
      aMenteeApplication({
        firstName: `Mentee${index}`,
        email: uniqueEmail('bulk-mentee'),
        careerStage: 'medical_student',
        languages: ['english'],
      }),
    ),
  );
  const items = [...mentors, ...mentees].map(applicationItem);
  const batches = [];
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
    batches.push(items.slice(start, start + BATCH_WRITE_LIMIT));
  }
  // One batch at a time: DynamoDB Local slows down under many concurrent writes.
  for (const batch of batches) {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
  return { mentorIds: mentors.map(({ id }) => id), menteeIds: mentees.map(({ id }) => id) };
}
