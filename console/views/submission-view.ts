import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { matchEndReasonPhrase } from '../../shared/applications/match-end-reasons.js';
import type { ErasedSubmission, Submission } from '../../shared/applications/submission.js';
import type { MatchEndingOutcome } from '../../shared/matching/match-ending.js';
import type { ConsoleSettings } from '../../shared/review/console/console-settings.js';
import { isApplicant } from '../../shared/self-service/applicant-actor.js';
import { addressProblemText } from '../address-problem.js';
import { type AdminApi, ApiProblem } from '../admin-api.js';
import { formatAnswer, formatTime, stateLabel } from '../answers.js';
import { reviewDrafts } from '../drafts.js';
import { endedMatchSentence } from '../ended-match.js';
import { html } from '../html.js';
import { changesSince, describeChange } from '../stale-edit.js';
import { EndMatchControl } from './end-match-form.js';
import { asProblem, ProblemMessage } from './problem-message.js';

interface SubmissionViewProps {
  api: AdminApi;
  settings: ConsoleSettings;
  id: string;
  isAdmin: boolean;
  /** Back to the list, with a message to show there. */
  leave: (flash: string) => void;
}

interface Draft {
  status: string;
  notes: string;
}

const draftOf = (submission: Submission): Draft => ({
  status: submission.status,
  notes: submission.notes ?? '',
});

/** Who erased it, in one string: htm drops whitespace that holds a line break. */
function erasedSentence(found: ErasedSubmission): string {
  const who = isApplicant(found.erasedBy)
    ? "at the applicant's request, from the link in their confirmation email"
    : `by ${found.erasedBy.email ?? 'a program administrator'}`;
  return `This ${found.type} application was erased on ${formatTime(found.erasedAt)} ${who}. Nothing personal is kept.`;
}

/** One application: every answer, its confirmation, duplicates, history, and the review form. */
export function SubmissionView({ api, settings, id, isAdmin, leave }: SubmissionViewProps) {
  const [found, setFound] = useState<Submission | ErasedSubmission | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  useEffect(() => {
    let current = true;
    setFound(null);
    setProblem(null);
    api
      .get(id)
      .then((submission) => current && setFound(submission))
      .catch((error: unknown) => current && setProblem(asProblem(error)));
    return () => {
      current = false;
    };
  }, [id]);

  if (problem) {
    return html`<section aria-labelledby="submission-heading">
      <h1 id="submission-heading" tabindex="-1">Application</h1>
      <${ProblemMessage} problem=${problem} />
      <p><a href="#/applications">Back to the list</a></p>
    </section>`;
  }
  if (!found) return html`<p role="status">Loading the application…</p>`;
  if (found.status === 'erased') {
    return html`<section aria-labelledby="submission-heading">
      <h1 id="submission-heading" tabindex="-1">Erased application</h1>
      <p>${erasedSentence(found)}</p>
      <p><a href="#/applications">Back to the list</a></p>
    </section>`;
  }
  return html`<${Review}
    key=${found.id}
    api=${api}
    settings=${settings}
    submission=${found}
    isAdmin=${isAdmin}
    leave=${leave}
    replace=${setFound}
  />`;
}

function Review({
  api,
  settings,
  submission,
  isAdmin,
  leave,
  replace,
}: Omit<SubmissionViewProps, 'id'> & {
  submission: Submission;
  replace: (submission: Submission) => void;
}) {
  // The version the person is editing from: a save applies only over it (If-Match).
  const [base, setBase] = useState(submission);
  // Edits not saved before a session ended come back, if nobody changed it since.
  const [restored] = useState(() => {
    const kept = reviewDrafts.take(submission.id);
    return kept?.version === submission.version ? kept : undefined;
  });
  const [draft, setDraftState] = useState<Draft>(restored ?? draftOf(submission));
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState(
    restored ? 'Your unsaved changes are back; save them when ready.' : '',
  );
  const setDraft = (next: Draft) => {
    setDraftState(next);
    reviewDrafts.keep(base.id, { ...next, version: base.version });
  };
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [conflict, setConflict] = useState<string[] | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The heading appears once the application has loaded: it takes focus then, so a screen
  // reader announces the application (the list's heading does so as it renders).
  useLayoutEffect(() => heading.current?.focus(), []);
  const role = settings.roles[submission.type];
  const { application } = submission;
  const allowed = [base.status, ...(settings.transitions[base.status] ?? [])];

  const save = async (event: Event) => {
    event.preventDefault();
    const change: { status?: string; notes?: string } = {};
    if (draft.status !== base.status) change.status = draft.status;
    if (draft.notes !== (base.notes ?? '')) change.notes = draft.notes;
    setMessage('');
    setProblem(null);
    if (Object.keys(change).length === 0) {
      setMessage('Nothing to save: the status and notes are as they were.');
      return;
    }
    setSaving(true);
    try {
      const updated = await api.update(base.id, base.version, change);
      // The update answers with the application; its confirmation and links are as read.
      const merged = {
        ...updated,
        confirmation: submission.confirmation,
        ...(submission.duplicateOf ? { duplicateOf: submission.duplicateOf } : {}),
        ...(submission.addressProblem ? { addressProblem: submission.addressProblem } : {}),
      };
      setBase(merged);
      setDraftState(draftOf(merged));
      reviewDrafts.forget(base.id);
      setConflict(null);
      replace(merged);
      setMessage(`Saved at ${formatTime(updated.updatedAt ?? new Date().toISOString())}.`);
    } catch (error) {
      const failure = asProblem(error);
      if (failure.status === 409 && failure.code === 'version_conflict') {
        const current = await api.get(base.id).catch(() => undefined);
        if (current && current.status !== 'erased') {
          setConflict(changesSince(base, current, settings.statuses));
          setBase(current);
          replace(current);
        } else {
          setProblem(failure);
        }
      } else {
        setProblem(failure);
      }
    } finally {
      setSaving(false);
    }
  };

  const issueFor = (name: string) => problem?.issues.find((issue) => issue.path === name)?.message;
  // Once a match has ended the page shows the application as it is now, says what ending it
  // did in the live region, and puts focus on the heading (the button that opened the form
  // has gone with the match).
  const matchEnded = async (outcome: MatchEndingOutcome) => {
    setProblem(null);
    try {
      const current = await api.get(submission.id);
      if (current.status !== 'erased') {
        replace(current);
        setBase(current);
        setDraftState(draftOf(current));
      }
    } catch (error) {
      setProblem(asProblem(error));
    }
    heading.current?.focus();
    setMessage(endedMatchSentence(outcome));
  };

  return html`<article aria-labelledby="submission-heading">
    <p><a href="#/applications">Back to the list</a></p>
    <h1 id="submission-heading" tabindex="-1" ref=${heading}>
      ${application.firstName} ${application.lastName}
      <span class="subtitle">${role.label} application ${submission.reference}</span>
    </h1>
    <dl class="facts">
      <div><dt>Received</dt><dd>${formatTime(submission.createdAt)}</dd></div>
      <div><dt>Status</dt><dd>${settings.statuses[base.status]}</dd></div>
      <div><dt>Confirmation email</dt><dd>${confirmationText(submission)}</dd></div>
      ${
        submission.addressProblem
          ? html`<div><dt>Email problem</dt><dd class="address-problem">${addressProblemText('applicant', submission.addressProblem)}</dd></div>`
          : null
      }
      ${
        submission.duplicateOf
          ? html`<div><dt>Duplicate</dt><dd>A later application from the same address.${' '}
              <a href=${`#/submissions/${submission.duplicateOf}`}>Open the earlier application</a></dd></div>`
          : null
      }
      ${(submission.matches ?? []).map((match) =>
        match.secondary
          ? html`<div key=${match.withId}><dt>Colleague match</dt><dd>${
              match.withRole === 'mentor'
                ? html`<a href=${`#/submissions/${match.withId}`}>A colleague</a>${' joins as a second mentor beside '}<a href=${`#/submissions/${match.primaryMentorId}`}>the mentor</a>`
                : html`${'A colleague for '}<a href=${`#/submissions/${match.withId}`}>the mentee</a>${', beside '}<a href=${`#/submissions/${match.primaryMentorId}`}>their mentor</a>`
            }${`, for: ${match.need ?? ''}. Brought in ${formatTime(match.approvedAt)} by ${match.approvedBy.email ?? 'a member of staff'}; it ends with the mentee's match, or from the Matches page.`}</dd></div>`
          : html`<div key=${match.withId}><dt>Matched with</dt><dd>
          <a href=${`#/submissions/${match.withId}`}>the ${match.withRole}</a>, approved ${formatTime(match.approvedAt)} by
          ${match.approvedBy.email ?? 'an administrator'} (score ${match.score})
          ${
            isAdmin
              ? html` <${EndMatchControl} api=${api} withWhom=${`the ${match.withRole}`}
                  menteeId=${match.withRole === 'mentor' ? submission.id : match.withId} ended=${matchEnded} />`
              : null
          }</dd></div>`,
      )}
      ${
        submission.priority
          ? html`<div><dt>Matching</dt><dd>With priority: placed before anyone new in the next run</dd></div>`
          : null
      }
      ${(submission.excludedMentors ?? []).map(
        (left) => html`<div key=${`left-out-${left.mentorId}`}><dt>Left out of matching</dt><dd>
          <a href=${`#/submissions/${left.mentorId}`}>a previous mentor</a>: their match ended ${formatTime(left.endedAt)} (${matchEndReasonPhrase(left.reason)}), so matching never suggests them again</dd></div>`,
      )}
      ${
        submission.deleteAfter
          ? html`<div><dt>Deleted after</dt><dd>${formatTime(submission.deleteAfter)}</dd></div>`
          : null
      }
    </dl>

    <form class="review" onSubmit=${save} aria-labelledby="review-heading">
      <h2 id="review-heading">Review</h2>
      ${
        conflict
          ? html`<div class="problem" role="alert">
              <p>Not saved: while you were editing, ${conflict.join('; ')}.</p>
              <p>${'Your changes are still below. The current status is '}<strong>${settings.statuses[base.status]}</strong>${
                base.notes
                  ? html`${' and the current notes read: '}<q class="quoted">${base.notes}</q>`
                  : ' and there are no notes'
              }${'. Check them, then save again.'}</p>
            </div>`
          : null
      }
      ${problem ? html`<${ProblemMessage} problem=${problem} />` : null}
      <div class="field">
        <label for="review-status">Status</label>
        <select id="review-status" value=${draft.status}
          aria-describedby=${issueFor('status') ? 'review-status-error' : undefined}
          onChange=${(event: Event) => setDraft({ ...draft, status: (event.currentTarget as HTMLSelectElement).value })}>
          ${[...new Set([...allowed, draft.status])].map(
            (status) =>
              html`<option value=${status}>${settings.statuses[status as keyof typeof settings.statuses] ?? status}</option>`,
          )}
        </select>
        ${issueFor('status') ? html`<p class="error" id="review-status-error">${issueFor('status')}</p>` : null}
      </div>
      <div class="field">
        <label for="review-notes">Notes</label>
        <textarea id="review-notes" rows="5" maxlength="2000" value=${draft.notes}
          aria-describedby=${issueFor('notes') ? 'review-notes-error' : 'review-notes-hint'}
          onInput=${(event: Event) => setDraft({ ...draft, notes: (event.currentTarget as HTMLTextAreaElement).value })}></textarea>
        <p class="hint" id="review-notes-hint">Seen by program staff only; up to 2,000 characters.</p>
        ${issueFor('notes') ? html`<p class="error" id="review-notes-error">${issueFor('notes')}</p>` : null}
      </div>
      <div class="actions">
        <button type="submit" disabled=${saving}>${saving ? 'Saving…' : 'Save'}</button>
      </div>
      <p role="status" class="saved">${message}</p>
    </form>

    <section aria-labelledby="answers-heading">
      <h2 id="answers-heading">Answers</h2>
      <dl class="answers">
        ${role.fields.map(
          (field) => html`<div key=${field.name}>
            <dt>${field.label}</dt>
            <dd>${formatAnswer(field, (application as unknown as Record<string, unknown>)[field.name])}</dd>
          </div>`,
        )}
      </dl>
    </section>

    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ol class="history">
        <li><time datetime=${submission.createdAt}>${formatTime(submission.createdAt)}</time>: received</li>
        ${(base.history ?? []).map(
          (entry) =>
            html`<li><time datetime=${entry.at}>${formatTime(entry.at)}</time>: ${describeChange(entry, settings.statuses)}</li>`,
        )}
      </ol>
    </section>

    ${isAdmin ? html`<${EraseControl} api=${api} submission=${base} leave=${leave} />` : null}
  </article>`;
}

function confirmationText(submission: Submission): string {
  const { state, attempts, suppressedBecause } = submission.confirmation;
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  if (state === 'suppressed') return `Not sent (${suppressedBecause ?? 'suppressed'})`;
  return `${stateLabel(state)} (${tries})`;
}

function EraseControl({
  api,
  submission,
  leave,
}: {
  api: AdminApi;
  submission: Submission;
  leave: (flash: string) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [erasing, setErasing] = useState(false);
  const { reference } = submission;

  const confirm = async () => {
    setErasing(true);
    setProblem(null);
    try {
      await api.erase(submission.id);
      dialog.current?.close();
      leave(`Application ${reference} was erased.`);
    } catch (error) {
      const failure = asProblem(error);
      setProblem(
        failure.code === 'email_in_progress'
          ? new ApiProblem(
              409,
              failure.code,
              `An email to this applicant is being sent right now. Try again in ${failure.retryAfterSeconds ?? 30} seconds.`,
            )
          : failure,
      );
    } finally {
      setErasing(false);
    }
  };

  return html`<section aria-labelledby="erase-heading" class="danger-zone">
    <h2 id="erase-heading">Erase</h2>
    <p>Erasing removes every answer and the applicant's contact details for good. Only a note that
      an application existed remains.</p>
    <button type="button" class="danger" onClick=${() => dialog.current?.showModal()}>Erase</button>
    <dialog ref=${dialog} aria-labelledby="erase-dialog-heading" onClose=${() => setProblem(null)}>
      <h2 id="erase-dialog-heading">Erase application ${reference}?</h2>
      <p>This cannot be undone.</p>
      ${problem ? html`<${ProblemMessage} problem=${problem} />` : null}
      <div class="actions">
        <button type="button" class="danger" onClick=${confirm} disabled=${erasing}>
          ${erasing ? 'Erasing…' : `Erase ${reference}`}
        </button>
        <button type="button" class="secondary" autofocus onClick=${() => dialog.current?.close()}>Cancel</button>
      </div>
    </dialog>
  </section>`;
}
