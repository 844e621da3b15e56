import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Application } from '../../shared/applications/schemas/application-types.js';
import { applicationItem } from '../../shared/applications/store/application-item.js';
import type { Submission } from '../../shared/applications/submission.js';
import type { MatchingPool } from '../../shared/matching/pool.js';
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
 * A pool's mentors and mentees (as randomPool draws them) as applications under review,
 * written straight to `tableName` as the intake and a review would leave them, without a
 * trip through the API for each. Each gets an address of its own and a name with its index.
 */
export async function seedPool(tableName: string, pool: MatchingPool) {
  const client = DynamoDBDocumentClient.from(dynamoDbClient());
  const mentors = pool.mentors.map(({ id: _id, name: _name, ...profile }, index) =>
    inReview(
      'mentor',
      aMentorApplication({
        ...profile,
        firstName: `Mentor${index}`,
        email: uniqueEmail('bulk-mentor'),
      }),
    ),
  );
  const mentees = pool.mentees.map(({ id: _id, name: _name, ...profile }, index) =>
    inReview(
      'mentee',
      aMenteeApplication({
        ...profile,
        firstName: `Mentee${index}`,
        email: uniqueEmail('bulk-mentee'),
      }),
    ),
  );
  const items = [...mentors, ...mentees].map(applicationItem);
  // One batch at a time: DynamoDB Local slows down under many concurrent writes.
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
    let requests = items
      .slice(start, start + BATCH_WRITE_LIMIT)
      .map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
  return { mentorIds: mentors.map(({ id }) => id), menteeIds: mentees.map(({ id }) => id) };
}

/**
 * Mentors (of `capacity` each, one by default) and mentees where every pair is eligible,
 * seeded under review: a pool whose run suggests min(mentees, mentors × capacity) pairs.
 */
export function seedMatchablePool(
  tableName: string,
  size: { mentors: number; mentees: number; capacity?: number },
) {
  const shared = {
    languages: ['english'],
    region: 'west',
  };
  return seedPool(tableName, {
    mentors: Array.from({ length: size.mentors }, (_, index) => ({
      ...shared,
      id: `mentor-${index}`,
      name: `Mentor ${index}`,
      capacity: size.capacity ?? 1,
      menteeStages: ['medical_student'],
      meetingPreference: 'either',
      specialty: 'emergency_medicine',
      mentoringAreas: ['career_planning', 'academic_medicine'],
    })),
    mentees: Array.from({ length: size.mentees }, (_, index) => ({
      ...shared,
      id: `mentee-${index}`,
      name: `Mentee ${index}`,
      careerStage: 'medical_student',
      meetingPreference: 'virtual',
      specialtyInterests: ['emergency_medicine', 'pediatrics'],
      goals: ['specialty_choice', 'residency_applications'],
    })),
  });
}
