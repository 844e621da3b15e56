import { useEffect, useState } from 'preact/hooks';
import type { Cycle } from '../../shared/applications/cycles.js';
import type { CheckInAnswer } from '../../shared/check-ins/check-in-answer.js';
import { HEALTH_FLAGS, type HealthFlag } from '../../shared/check-ins/match-health.js';
import type { MatchHealthView } from '../../shared/check-ins/matches-view.js';
import type { ColleagueOutcome } from '../../shared/matching/colleague.js';
import type { ConsoleSettings } from '../../shared/review/console/console-settings.js';
import type { AdminApi, ApiProblem } from '../admin-api.js';
import { formatDay, formatTime } from '../answers.js';
import { html } from '../html.js';
import { BringInColleagueControl } from './colleague-form.js';
import { asProblem, ProblemMessage } from './problem-message.js';

type Order = 'flags' | 'newest' | 'oldest';

/** One side's answer to a check-in, in a few words. */
export function answerWords(answer: CheckInAnswer | undefined): string {
  if (!answer) return 'No answer';
  const met = answer.met ? `met ${answer.meetings}×` : 'not met yet';
  const contact = answer.contactStaff ? '; asks to be contacted' : '';
  return `${met}; going ${answer.rating} of 5${contact}`;
}

/**
 * The matches of the cycle in place, with what the check-ins say, staff's follow-ups, and
 * each match's colleague (a second mentor for a stated need), brought in or ended here.
 */
export function MatchesView({ api, settings }: { api: AdminApi; settings: ConsoleSettings }) {
  const specialties =
    settings.roles.mentor.fields.find((field) => field.name === 'specialty')?.choices ?? {};
  const [listing, setListing] = useState<{
    cycle: Cycle | null;
    matches: MatchHealthView[];
  } | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [flag, setFlag] = useState<HealthFlag | ''>('');
  const [order, setOrder] = useState<Order>('flags');
  const [open, setOpen] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const read = () =>
    api
      .matches()
      .then(setListing)
      .catch((error: unknown) => setProblem(asProblem(error)));
  useEffect(() => {
    read();
  }, []);

  const endColleague = async (match: MatchHealthView) => {
    const colleague = match.colleague;
    if (!colleague) return;
    setProblem(null);
    try {
      const outcome = await api.endColleague(match.mentee.id, colleague.person.id);
      setSaid(
        `${colleague.person.name}'s colleague match with ${match.mentee.name} has ended; ${match.mentor.name} stays the mentor. ${colleague.person.name} is ${
          outcome.mentorStatus === 'matched'
            ? 'still matched with other mentees'
            : 'back under review'
        }.`,
      );
      await read();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const shown = (listing?.matches ?? [])
    .filter((match) => !flag || match.flags.includes(flag))
    .sort((a, b) =>
      order === 'flags'
        ? b.flags.length - a.flags.length || b.approvedAt.localeCompare(a.approvedAt)
        : order === 'newest'
          ? b.approvedAt.localeCompare(a.approvedAt)
          : a.approvedAt.localeCompare(b.approvedAt),
    );
  const total = listing?.matches.length ?? 0;

  return html`<section aria-labelledby="matches-heading">
    <h1 id="matches-heading" tabindex="-1">Matches${listing?.cycle ? `: ${listing.cycle.name}` : ''}</h1>
    <p class="hint">Every match in place, with what its check-ins say. A flag asks for a look; record what you did to clear it. Answers are never shown to the other person.</p>
    ${problem ? html`<${ProblemMessage} problem=${problem} />` : null}
    ${!listing && !problem ? html`<p role="status">Loading matches…</p>` : null}
    <p role="status" class=${said ? 'flash' : undefined}>${said}</p>
    ${
      listing
        ? html`<form class="filters" aria-label="Show matches" onSubmit=${(event: Event) => event.preventDefault()}>
            <div class="filter"><label for="matches-flag">Flag</label>
              <select id="matches-flag" value=${flag} onChange=${(event: Event) => setFlag((event.currentTarget as HTMLSelectElement).value as HealthFlag | '')}>
                <option value="">Any</option>
                ${Object.entries(HEALTH_FLAGS).map(([value, label]) => html`<option value=${value}>${label}</option>`)}
              </select></div>
            <div class="filter"><label for="matches-order">Order</label>
              <select id="matches-order" value=${order} onChange=${(event: Event) => setOrder((event.currentTarget as HTMLSelectElement).value as Order)}>
                <option value="flags">Flagged first</option>
                <option value="newest">Newest match first</option>
                <option value="oldest">Oldest match first</option>
              </select></div>
          </form>
          <p class="summary-line">${
            total === 0
              ? 'No matches in place yet: matches appear here once pairs are approved on the Matching page.'
              : shown.length === 0
                ? 'No match has that flag.'
                : `${shown.length} of ${total} match${total === 1 ? '' : 'es'}.`
          }</p>`
        : null
    }
    ${
      shown.length > 0
        ? html`<table class="results">
            <caption class="visually-hidden">Matches in place</caption>
            <thead><tr><th scope="col">Mentee</th><th scope="col">Mentor</th><th scope="col">Matched</th>
              <th scope="col">Last check-in</th><th scope="col">Flags</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${shown.map((match) => {
              const last = match.checkIns.at(-1);
              return html`<tr key=${match.matchId}>
                <th scope="row" data-label="Mentee"><a href=${`#/submissions/${match.mentee.id}`}>${match.mentee.name}</a> (${match.mentee.reference})</th>
                <td data-label="Mentor"><a href=${`#/submissions/${match.mentor.id}`}>${match.mentor.name}</a>${
                  match.colleague
                    ? html`<p class="colleague-line">${'Colleague: '}<a href=${`#/submissions/${match.colleague.person.id}`}>${match.colleague.person.name}</a>${`, for: ${match.colleague.need}`}</p>`
                    : null
                }</td>
                <td data-label="Matched">${formatDay(match.approvedAt)}</td>
                <td data-label="Last check-in">${
                  last
                    ? html`Check-in ${last.number}. Mentee: ${answerWords(last.mentee)}. Mentor: ${answerWords(last.mentor)}.`
                    : 'None due yet'
                }</td>
                <td data-label="Flags">${match.flags.length ? match.flags.map((each) => HEALTH_FLAGS[each]).join(', ') : 'None'}</td>
                <td class="actions-cell"><button type="button" class="secondary" aria-expanded=${open === match.matchId}
                  aria-label=${`History of ${match.mentee.name} with ${match.mentor.name}`}
                  onClick=${() => setOpen(open === match.matchId ? null : match.matchId)}>History</button>${' '}${
                    match.colleague
                      ? html`<button type="button" class="secondary"
                          aria-label=${`End colleague match of ${match.colleague.person.name} with ${match.mentee.name}`}
                          onClick=${() => endColleague(match)}>End colleague match</button>`
                      : html`<${BringInColleagueControl} api=${api} match=${match} specialties=${specialties}
                          broughtIn=${async (outcome: ColleagueOutcome, name: string) => {
                            setSaid(
                              `${name} is now ${match.mentee.name}'s colleague, beside ${match.mentor.name}, for: ${outcome.need}. Both have an introduction on its way.`,
                            );
                            await read();
                          }} />`
                  }</td>
              </tr>`;
            })}</tbody>
          </table>`
        : null
    }
    ${(() => {
      const match = shown.find((each) => each.matchId === open);
      return match
        ? html`<${MatchHistory} api=${api} match=${match} recorded=${async () => {
            setSaid(`Follow-up recorded for ${match.mentee.name} with ${match.mentor.name}.`);
            await read();
          }} />`
        : null;
    })()}
  </section>`;
}

function MatchHistory({
  api,
  match,
  recorded,
}: {
  api: AdminApi;
  match: MatchHealthView;
  recorded: () => Promise<void>;
}) {
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const issue = problem?.issues.find((each) => each.path === 'note')?.message;
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    try {
      await api.addFollowUp(match.mentee.id, match.matchId, note);
      setNote('');
      await recorded();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };
  return html`<section class="review" aria-labelledby="history-heading">
    <h2 id="history-heading">${match.mentee.name} with ${match.mentor.name}</h2>
    ${
      match.checkIns.length === 0
        ? html`<p>No check-in is due yet: the first goes 30 days after the match.</p>`
        : html`<ul class="history">${match.checkIns.map(
            (checkIn) =>
              html`<li>Check-in ${checkIn.number} (${formatDay(checkIn.dueAt)}). Mentee: ${answerWords(checkIn.mentee)}${checkIn.mentee?.note ? html`, noting <q>${checkIn.mentee.note}</q>` : ''}. Mentor: ${answerWords(checkIn.mentor)}${checkIn.mentor?.note ? html`, noting <q>${checkIn.mentor.note}</q>` : ''}.</li>`,
          )}</ul>`
    }
    ${
      match.colleague
        ? html`<p>${`Colleague since ${formatDay(match.colleague.since)}: ${match.colleague.person.name} (${match.colleague.person.reference}), for: ${match.colleague.need}. Check-ins stay with ${match.mentor.name}.`}</p>`
        : null
    }
    <h3>Follow-ups</h3>
    ${
      match.followUps.length === 0
        ? html`<p>None recorded.</p>`
        : html`<ul class="history">${match.followUps.map((each) => html`<li>${formatTime(each.at)}, ${each.by}: ${each.note}</li>`)}</ul>`
    }
    <form onSubmit=${submit}>
      ${problem && !issue ? html`<${ProblemMessage} problem=${problem} />` : null}
      <div class="field">
        <label for="follow-up-note">What you did</label>
        <input id="follow-up-note" type="text" maxlength="500" value=${note} placeholder="Called the mentee; all fine."
          aria-invalid=${issue ? 'true' : undefined} aria-describedby=${issue ? 'follow-up-error' : undefined}
          onInput=${(event: Event) => setNote((event.currentTarget as HTMLInputElement).value)} />
        ${issue ? html`<p class="error" id="follow-up-error">${issue}</p>` : null}
      </div>
      <button type="submit">Record follow-up</button>
    </form>
  </section>`;
}
