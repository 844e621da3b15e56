import { useEffect, useRef, useState } from 'preact/hooks';
import type { MatchHealthView } from '../../shared/check-ins/matches-view.js';
import type { ColleagueCandidate, ColleagueOutcome } from '../../shared/matching/colleague.js';
import { COLLEAGUE_NEED_MAX_LENGTH } from '../../shared/matching/colleague-limits.js';
import { type AdminApi, ApiProblem } from '../admin-api.js';
import { html } from '../html.js';
import { describedBy, useFormProblem } from './form-problem.js';
import { asProblem, ProblemMessage } from './problem-message.js';

interface BringInProps {
  api: AdminApi;
  match: MatchHealthView;
  /** The specialties a need can name, value to label (the mentor form's list). */
  specialties: Readonly<Record<string, string>>;
  /** Called once the colleague is in, with what the API says and the colleague's name. */
  broughtIn: (outcome: ColleagueOutcome, name: string) => void;
}

/** A candidate in one line: who, what they practise, their score and places left. */
function candidateLine(candidate: ColleagueCandidate): string {
  const places = `${candidate.placesLeft} place${candidate.placesLeft === 1 ? '' : 's'} left`;
  return `${candidate.name}, ${candidate.specialty}: score ${candidate.score}, ${places}`;
}

/**
 * Bringing in a colleague as a second mentor: a dialog (as ending a match is) where staff
 * state the need (and, if they like, the specialty it is for), then see the candidates the
 * pair rules rank with their reasons, choose one and confirm. Each problem is said beside
 * its field, and that field (or the problem) takes focus.
 */
export function BringInColleagueControl({ api, match, specialties, broughtIn }: BringInProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [need, setNeed] = useState('');
  const [specialty, setSpecialty] = useState('');
  const [candidates, setCandidates] = useState<ColleagueCandidate[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const id = (name: string) => `colleague-${match.matchId}-${name}`;
  const { problem, setProblem, issueFor } = useFormProblem(dialog, id);

  // The candidates arrive: their list takes focus, so a screen reader reads it next.
  useEffect(() => {
    if (candidates) dialog.current?.querySelector<HTMLElement>(`#${id('candidates')}`)?.focus();
  }, [candidates]);

  const open = () => {
    setNeed('');
    setSpecialty('');
    setCandidates(null);
    setChosen('');
    setProblem(null);
    dialog.current?.showModal();
  };
  const refuse = (path: string, message: string) =>
    setProblem(
      new ApiProblem(400, 'validation_failed', 'Nobody was brought in yet.', [{ path, message }]),
    );

  const find = async (event: Event) => {
    event.preventDefault();
    if (!need.trim()) {
      refuse(
        'need',
        'Say what the colleague is needed for, such as: advice on a dermatology elective.',
      );
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const found = await api.colleagueCandidates(match.mentee.id, specialty || undefined);
      setChosen('');
      setCandidates(found.candidates);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: Event) => {
    event.preventDefault();
    const candidate = candidates?.find((each) => each.mentorId === chosen);
    if (!candidate) {
      refuse('mentorId', 'Choose one of the colleagues listed.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const outcome = await api.bringInColleague(match.mentee.id, {
        mentorId: candidate.mentorId,
        need: need.trim(),
        ...(specialty ? { specialty } : {}),
      });
      dialog.current?.close();
      broughtIn(outcome, candidate.name);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const needIssue = issueFor('need');
  const specialtyIssue = issueFor('specialty');
  const mentorIssue = issueFor('mentorId');
  const fieldIssue = needIssue || specialtyIssue || mentorIssue;
  return html`<button type="button" class="secondary" aria-haspopup="dialog" onClick=${open}
      aria-label=${`Bring in a colleague for ${match.mentee.name}`}>Bring in a colleague</button>
    <dialog ref=${dialog} class="end-match colleague" aria-labelledby=${id('heading')} onClose=${() => setProblem(null)}>
      <form onSubmit=${candidates ? confirm : find} novalidate>
        <h2 id=${id('heading')}>Bring in a colleague for ${match.mentee.name}</h2>
        <p>${`A second mentor for a need ${match.mentor.name} cannot meet alone. ${match.mentor.name} stays the mentor and keeps the check-ins; the mentee and the colleague each get an introduction naming both mentors.`}</p>
        ${problem && !fieldIssue ? html`<div tabindex="-1" class="problem-wrap"><${ProblemMessage} problem=${problem} /></div>` : null}
        <div class="field">
          <label for=${id('need')}>What the colleague is needed for</label>
          <input id=${id('need')} type="text" maxlength=${COLLEAGUE_NEED_MAX_LENGTH} value=${need} required
            aria-invalid=${needIssue ? 'true' : undefined}
            aria-describedby=${describedBy(id('need-hint'), needIssue && id('need-error'))}
            onInput=${(event: Event) => setNeed((event.currentTarget as HTMLInputElement).value)} />
          <p class="hint" id=${id('need-hint')}>One line, up to ${COLLEAGUE_NEED_MAX_LENGTH} characters, kept in both histories and said in both introductions.</p>
          ${needIssue ? html`<p class="error" id=${id('need-error')}>${needIssue}</p>` : null}
        </div>
        <div class="field">
          <label for=${id('specialty')}>Specialty it is for (optional)</label>
          <select id=${id('specialty')} value=${specialty}
            aria-invalid=${specialtyIssue ? 'true' : undefined}
            aria-describedby=${describedBy(id('specialty-hint'), specialtyIssue && id('specialty-error'))}
            onChange=${(event: Event) => {
              setSpecialty((event.currentTarget as HTMLSelectElement).value);
              setCandidates(null);
            }}>
            <option value="">Any specialty</option>
            ${Object.entries(specialties).map(([value, label]) => html`<option value=${value}>${label}</option>`)}
          </select>
          <p class="hint" id=${id('specialty-hint')}>Mentors who practise it are listed first.</p>
          ${specialtyIssue ? html`<p class="error" id=${id('specialty-error')}>${specialtyIssue}</p>` : null}
        </div>
        ${
          candidates
            ? candidates.length === 0
              ? html`<p id=${id('candidates')} tabindex="-1">No mentor of this cycle has a place left for a colleague match. Mentors under review, waitlisted or matched with room can be colleagues.</p>`
              : html`<fieldset id=${id('candidates')} tabindex="-1" class="candidates"
                  aria-invalid=${mentorIssue ? 'true' : undefined}
                  aria-describedby=${mentorIssue ? id('mentorId-error') : undefined}>
                  <legend>Choose a colleague (ranked by the matching rules)</legend>
                  ${mentorIssue ? html`<p class="error" id=${id('mentorId-error')}>${mentorIssue}</p>` : null}
                  ${candidates.map(
                    (candidate) => html`<div class="candidate" key=${candidate.mentorId}>
                      <label class="inline">
                        <input type="radio" class="check" name=${id('mentorId')} value=${candidate.mentorId}
                          id=${candidate === candidates.find((each) => each.eligible) ? id('mentorId') : undefined}
                          checked=${chosen === candidate.mentorId} disabled=${!candidate.eligible}
                          aria-describedby=${id(`why-${candidate.mentorId}`)}
                          onChange=${() => setChosen(candidate.mentorId)} />
                        <span>${candidateLine(candidate)}${candidate.hasSpecialty ? ' (practises the specialty asked for)' : ''}</span>
                      </label>
                      <ul class="reasons" id=${id(`why-${candidate.mentorId}`)}>
                        ${candidate.ruledOutBecause ? html`<li>Ruled out: ${candidate.ruledOutBecause}</li>` : null}
                        ${candidate.reasons.map((reason) => html`<li>${reason.points} of ${reason.outOf}: ${reason.text}</li>`)}
                      </ul>
                    </div>`,
                  )}
                </fieldset>`
            : null
        }
        <div class="actions">
          ${
            candidates
              ? html`<button type="submit" disabled=${busy || candidates.length === 0}>${busy ? 'Bringing in…' : 'Bring in the colleague chosen'}</button>
                  <button type="button" class="secondary" onClick=${find}>Find again</button>`
              : html`<button type="submit" disabled=${busy}>${busy ? 'Finding…' : 'Find colleagues'}</button>`
          }
          <button type="button" class="secondary" onClick=${() => dialog.current?.close()}>Cancel</button>
        </div>
      </form>
    </dialog>`;
}
