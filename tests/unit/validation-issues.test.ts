import { describe, expect, it } from 'vitest';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import { describeIssues } from '../../shared/applications/schemas/validation-issues.js';
import { aMenteeApplication, aMentorApplication } from '../support/builders.js';

function issuesFor(
  schema: typeof mentorApplicationSchema | typeof menteeApplicationSchema,
  input: unknown,
) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be invalid');
  return describeIssues(schema, result.error.issues, input);
}

describe('describeIssues', () => {
  it('names each field by its label and says what to do', () => {
    const issues = issuesFor(
      mentorApplicationSchema,
      aMentorApplication({ yearsInPractice: 'twelve', statement: 'x'.repeat(1001), email: 'x@' }),
    );

    expect(issues).toEqual([
      { path: 'email', message: 'Email address must be an email address like name@example.com.' },
      { path: 'yearsInPractice', message: 'Years in practice must be a whole number.' },
      { path: 'statement', message: 'Short statement must be at most 1000 characters.' },
    ]);
  });

  it('says which field is missing', () => {
    const { email: _email, ...withoutEmail } = aMenteeApplication();

    expect(issuesFor(menteeApplicationSchema, withoutEmail)).toEqual([
      { path: 'email', message: 'Email address is required.' },
    ]);
  });

  it('points at the bad item of a list', () => {
    const issues = issuesFor(
      menteeApplicationSchema,
      aMenteeApplication({ goals: ['research', 'golf'] }),
    );

    expect(issues).toEqual([
      { path: 'goals.1', message: 'What you want help with: choose one of the listed options.' },
    ]);
  });

  it('never repeats a submitted value', () => {
    const canary = 'CANARY<script>';
    const issues = issuesFor(
      mentorApplicationSchema,
      aMentorApplication({
        region: canary,
        phone: canary,
        firstName: `${canary}\nX`,
        capacity: canary,
      }),
    );

    expect(issues).toHaveLength(4);
    expect(JSON.stringify(issues)).not.toContain('CANARY');
  });

  it('bounds the length of an unknown key it names', () => {
    const key = 'k'.repeat(500);
    const issues = issuesFor(mentorApplicationSchema, { ...aMentorApplication(), [key]: 1 });

    expect(issues).toEqual([
      {
        path: 'k'.repeat(64),
        message: 'This field is not part of the application form; remove it.',
      },
    ]);
  });
});
