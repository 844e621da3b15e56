import { describe, expect, it } from 'vitest';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import type { Submission } from '../../shared/applications/submission.js';
import { renderColleagueIntroductionEmail } from '../../shared/email-delivery/emails/colleague-introduction-email.js';
import { renderIntroductionEmail } from '../../shared/email-delivery/emails/introduction-email.js';
import { aMenteeApplication, aMentorApplication } from '../support/builders.js';

const program = { programName: 'LACMA Mentoring Program', staffEmail: 'mentoring@ladocs.example' };

const mentor: Submission = {
  id: '01J00000000000000000000001',
  reference: 'LM-7K3D-9QX2',
  type: 'mentor',
  status: 'matched',
  createdAt: '2026-03-20T17:05:00.000Z',
  application: mentorApplicationSchema.parse(
    aMentorApplication({ email: 'wendy@example.org', institution: 'Harbor <UCLA> & Co' }),
  ),
  confirmation: { state: 'sent', attempts: 1 },
  version: 2,
};
const mentee: Submission = {
  ...mentor,
  id: '01J00000000000000000000002',
  type: 'mentee',
  application: menteeApplicationSchema.parse(aMenteeApplication({ email: 'jordan@example.org' })),
};

describe('renderIntroductionEmail', () => {
  it('tells the mentee who their mentor is, how to reach them, and what the program expects', () => {
    const email = renderIntroductionEmail(mentee, mentor, program);

    expect(email.to).toBe('jordan@example.org');
    expect(email.subject).toBe('LACMA Mentoring Program: meet your mentor, Wendy Coates');
    expect(email.text).toContain('Emergency medicine, Harbor <UCLA> & Co');
    expect(email.text).toContain('wendy@example.org');
    expect(email.text).toContain('What the program expects');
    // The other's free-text answers are not passed on.
    expect(email.text).not.toContain(mentor.application.statement);
  });

  it('escapes what it puts into the HTML part, and introduces the mentee to the mentor by stage', () => {
    expect(renderIntroductionEmail(mentee, mentor, program).html).toContain(
      'Harbor &lt;UCLA> &amp; Co',
    );
    const toMentor = renderIntroductionEmail(mentor, mentee, program);
    expect(toMentor.to).toBe('wendy@example.org');
    expect(toMentor.text).toContain('Medical student, David Geffen School of Medicine at UCLA');
  });
});

describe('renderColleagueIntroductionEmail', () => {
  const colleague: Submission = {
    ...mentor,
    id: '01J00000000000000000000003',
    application: mentorApplicationSchema.parse(
      aMentorApplication({
        email: 'ana@example.org',
        firstName: 'Ana',
        lastName: 'Ruiz',
        specialty: 'pediatrics',
        institution: "Children's Hospital",
      }),
    ),
  };
  const people = { mentee, colleague, primaryMentor: mentor };
  const facts = {
    matchId: 'match-1',
    menteeId: mentee.id,
    colleagueId: colleague.id,
    primaryMentorId: mentor.id,
    need: 'Choosing a <pediatric> rotation & electives',
    specialty: 'pediatrics',
  };

  it('introduces the colleague to the mentee, naming both mentors and the need', () => {
    const email = renderColleagueIntroductionEmail(mentee, people, facts, program);

    expect(email.to).toBe('jordan@example.org');
    expect(email.subject).toBe(
      'LACMA Mentoring Program: meet Ana Ruiz, a colleague beside your mentor Wendy Coates',
    );
    expect(email.text).toContain("Pediatrics, Children's Hospital");
    expect(email.text).toContain('ana@example.org');
    expect(email.text).toContain(
      'Ana Ruiz joins for: Choosing a <pediatric> rotation & electives (Pediatrics).',
    );
    expect(email.text).toContain('Mentors: Wendy Coates (mentor) and Ana Ruiz (colleague).');
    expect(email.html).toContain('Choosing a &lt;pediatric> rotation &amp; electives');
    expect(email.html).not.toContain('<pediatric>');
  });

  it('introduces the mentee to the colleague, without the primary mentor’s address', () => {
    const email = renderColleagueIntroductionEmail(colleague, people, facts, program);

    expect(email.to).toBe('ana@example.org');
    expect(email.text).toContain('jordan@example.org');
    expect(email.text).toContain('Mentors: Wendy Coates (mentor) and Ana Ruiz (colleague).');
    expect(email.text).not.toContain('wendy@example.org');
  });
});
