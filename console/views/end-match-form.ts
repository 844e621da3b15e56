import { useRef, useState } from 'preact/hooks';
import {
  MATCH_END_NOTE_MAX_LENGTH,
  MATCH_END_REASON_VALUES,
  MATCH_END_REASONS,
  type MatchEndReason,
} from '../../shared/applications/match-end-reasons.js';
import type { MatchEndingOutcome } from '../../shared/matching/match-ending.js';
import { type AdminApi, ApiProblem } from '../admin-api.js';
import { html } from '../html.js';
import { describedBy, useFormProblem } from './form-problem.js';
import { asProblem, ProblemMessage } from './problem-message.js';

interface EndMatchProps {
  api: AdminApi;
  /** The mentee whose match ends (the route is keyed by the mentee). */
  menteeId: string;
  /** Who the match is with, as the page names them ("the mentor"). */
  withWhom: string;
  /** Called once it has ended, with what the API says it did. */
  ended: (outcome: MatchEndingOutcome) => void;
}

interface Draft {
  reason: MatchEndReason | '';
  note: string;
  returnToPool: boolean;
}

const BLANK: Draft = { reason: '', note: '', returnToPool: false };

const RETURN_TO_POOL_LABEL =
  'Return the mentee to the pool with priority for the next matching run (the previous mentor is left out)';

/**
 * Ending a match: a dialog (as erasing is) with the reason, a note for an `other` reason,
 * and whether the mentee goes back to the pool with priority. Each problem is said beside
 * its field, and the first such field takes focus.
 */
export function EndMatchControl({ api, menteeId, withWhom, ended }: EndMatchProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState<Draft>(BLANK);
  const [ending, setEnding] = useState(false);
  const id = (name: string) => `end-match-${menteeId}-${name}`;
  const { problem, setProblem, issueFor } = useFormProblem(dialog, id);

  const open = () => {
    setDraft(BLANK);
    setProblem(null);
    dialog.current?.showModal();
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!draft.reason) {
      setProblem(
        new ApiProblem(400, 'validation_failed', 'The match has not ended: say why first.', [
          { path: 'reason', message: 'Choose a reason for ending the match.' },
        ]),
      );
      return;
    }
    const note = draft.note.trim();
    setEnding(true);
    setProblem(null);
    try {
      const outcome = await api.endMatch(menteeId, {
        reason: draft.reason,
        ...(draft.reason === 'other' && note ? { note } : {}),
        returnToPool: draft.returnToPool,
      });
      dialog.current?.close();
      ended(outcome);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setEnding(false);
    }
  };

  const reasonIssue = issueFor('reason');
  const noteIssue = issueFor('note');
  const poolIssue = issueFor('returnToPool');
  return html`<button type="button" class="secondary" aria-haspopup="dialog" onClick=${open}>End match</button>
    <dialog ref=${dialog} class="end-match" aria-labelledby=${id('heading')} onClose=${() => setProblem(null)}>
      <form onSubmit=${submit} novalidate>
        <h2 id=${id('heading')}>End the match with ${withWhom}</h2>
        <p>${"Both applications go back to Under review (a mentor with other mentees stays matched), and each one's history says why."}</p>
        ${problem ? html`<div tabindex="-1" class="problem-wrap"><${ProblemMessage} problem=${problem} /></div>` : null}
        <div class="field">
          <label for=${id('reason')}>Reason</label>
          <select id=${id('reason')} required value=${draft.reason}
            aria-invalid=${reasonIssue ? 'true' : undefined}
            aria-describedby=${describedBy(id('reason-hint'), reasonIssue && id('reason-error'))}
            onChange=${(event: Event) => {
              // A problem said of the reason, or of a note the new reason may not take, is over.
              setProblem(null);
              setDraft({
                ...draft,
                reason: (event.currentTarget as HTMLSelectElement).value as MatchEndReason,
              });
            }}>
            <option value="">Choose a reason</option>
            ${MATCH_END_REASON_VALUES.map(
              (reason) => html`<option value=${reason}>${MATCH_END_REASONS[reason]}</option>`,
            )}
          </select>
          <p class="hint" id=${id('reason-hint')}>${MATCH_END_REASONS.fit} also leaves this mentor out of the mentee's later matching runs.</p>
          ${reasonIssue ? html`<p class="error" id=${id('reason-error')}>${reasonIssue}</p>` : null}
        </div>
        ${
          draft.reason === 'other'
            ? html`<div class="field">
                <label for=${id('note')}>Note (optional)</label>
                <input id=${id('note')} type="text" maxlength=${MATCH_END_NOTE_MAX_LENGTH} value=${draft.note}
                  aria-invalid=${noteIssue ? 'true' : undefined}
                  aria-describedby=${describedBy(id('note-hint'), noteIssue && id('note-error'))}
                  onInput=${(event: Event) =>
                    setDraft({
                      ...draft,
                      note: (event.currentTarget as HTMLInputElement).value,
                    })} />
                <p class="hint" id=${id('note-hint')}>One line, up to ${MATCH_END_NOTE_MAX_LENGTH} characters, kept in both histories.</p>
                ${noteIssue ? html`<p class="error" id=${id('note-error')}>${noteIssue}</p>` : null}
              </div>`
            : null
        }
        <div class="field">
          <label class="inline">
            <input id=${id('returnToPool')} type="checkbox" class="check" checked=${draft.returnToPool}
              aria-invalid=${poolIssue ? 'true' : undefined}
              aria-describedby=${poolIssue ? id('returnToPool-error') : undefined}
              onChange=${(event: Event) =>
                setDraft({
                  ...draft,
                  returnToPool: (event.currentTarget as HTMLInputElement).checked,
                })} />
            <span>${RETURN_TO_POOL_LABEL}</span>
          </label>
          ${poolIssue ? html`<p class="error" id=${id('returnToPool-error')}>${poolIssue}</p>` : null}
        </div>
        <div class="actions">
          <button type="submit" disabled=${ending}>${ending ? 'Ending…' : 'End match'}</button>
          <button type="button" class="secondary" onClick=${() => dialog.current?.close()}>Cancel</button>
        </div>
      </form>
    </dialog>`;
}
