import { useEffect, useState } from 'preact/hooks';
import type { OutcomesReport } from '../../shared/outcomes/outcomes-report.js';
import type { CycleListing } from '../../shared/review/cycle-admin.js';
import type { AdminApi, ApiProblem } from '../admin-api.js';
import { formatDay } from '../answers.js';
import { BarChart } from '../charts.js';
import { html } from '../html.js';
import { formatLocation } from '../locations.js';
import { saveFile } from '../save-file.js';
import { asProblem, ProblemMessage } from './problem-message.js';

const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
const oneDecimal = (value: number) => value.toFixed(1);

/**
 * What came of a cycle, for the association's board: the matches made, completed and ended
 * early (with why), how many answered each check-in and how they rated it, the meetings
 * mentors reported and the evaluations. Charts with their tables, and the same as CSV.
 * Admins complete a cycle here when they would rather not wait for its end date.
 */
export function OutcomesView({
  api,
  isAdmin,
  cycleId,
  cycles,
}: {
  api: AdminApi;
  isAdmin: boolean;
  cycleId?: string;
  cycles: CycleListing | null;
}) {
  const [report, setReport] = useState<OutcomesReport | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [said, setSaid] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reads, setReads] = useState(0);

  useEffect(() => {
    setProblem(null);
    api
      .outcomes(cycleId)
      .then(setReport)
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, [api, cycleId, reads]);

  const cycle = report?.cycle;
  const matches = report?.matches;
  const stored = cycles?.cycles.find((each) => each.id === cycle?.id);
  const closed = stored ? Date.parse(stored.closesAt) <= Date.now() : false;

  const download = async () => {
    if (!cycle) return;
    setBusy(true);
    try {
      const { filename, blob } = await api.outcomesCsv(cycle.id);
      saveFile(filename, blob);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const complete = async () => {
    if (!cycle) return;
    setBusy(true);
    setProblem(null);
    try {
      const done = await api.completeCycle(cycle.id);
      setSaid(
        `Completed ${cycle.name}: ${done.matches} match${done.matches === 1 ? '' : 'es'} completed, ${done.evaluations} ${done.evaluations === 1 ? 'person' : 'people'} asked to evaluate the year.`,
      );
      setConfirming(false);
      setReads((count) => count + 1);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const chooser =
    cycles && cycles.cycles.length > 1
      ? html`<form class="filters" onSubmit=${(event: Event) => event.preventDefault()}>
          <div class="filter">
            <label for="outcomes-cycle">Cycle</label>
            <select id="outcomes-cycle" value=${cycle?.id ?? ''}
              onChange=${(event: Event) => {
                const chosen = (event.target as HTMLSelectElement).value;
                window.location.hash = formatLocation({ view: 'outcomes', cycle: chosen });
              }}>
              ${cycles.cycles.map((each) => html`<option value=${each.id}>${each.name}</option>`)}
            </select>
          </div>
        </form>`
      : null;

  return html`<section aria-labelledby="outcomes-heading">
    <h1 id="outcomes-heading" tabindex="-1">Outcomes${cycle ? `: ${cycle.name}` : ''}</h1>
    <p role="status" class=${said ? 'flash' : undefined}>${said}</p>
    ${problem ? html`<${ProblemMessage} problem=${problem} />` : null}
    ${!report && !problem ? html`<p role="status">Loading…</p>` : null}
    ${report && !cycle ? html`<p>No cycle is set up, so there is no year to report on. Outcomes are reported per cycle: create one under <a href="#/cycles">Cycles</a>.</p>` : null}
    ${chooser}
    ${
      cycle && matches
        ? html`
      <p class="hint">${
        cycle.completedAt
          ? `Completed on ${formatDay(cycle.completedAt)}: its matches in place then were completed and each person was asked to evaluate the year.`
          : 'Not completed yet: these are the figures so far. The cycle completes at its end date.'
      }</p>
      <div class="actions">
        <button type="button" class="secondary" disabled=${busy} onClick=${download}>Download as CSV</button>
        ${
          isAdmin && !cycle.completedAt && closed && !confirming
            ? html`<button type="button" onClick=${() => setConfirming(true)}>Complete this cycle now…</button>`
            : null
        }
      </div>
      ${
        confirming
          ? html`<div class="confirm" role="group" aria-labelledby="complete-heading">
              <h2 id="complete-heading">Complete ${cycle.name} now?</h2>
              <p>Its ${matches.inPlace} match${matches.inPlace === 1 ? '' : 'es'} in place become completed, check-ins stop, and each person is emailed a short evaluation. This cannot be undone.</p>
              <button type="button" disabled=${busy} onClick=${complete}>Yes, complete it</button>
              <button type="button" class="secondary" onClick=${() => setConfirming(false)}>Cancel</button>
            </div>`
          : null
      }
      ${
        matches.made === 0
          ? html`<p>No match has been made in this cycle yet, so there is nothing to report. Matches are made on the <a href="#/matching">Matching</a> page.</p>`
          : html`
      <ul class="figures">
        <li><strong>${matches.made}</strong> ${matches.made === 1 ? 'match' : 'matches'} made</li>
        <li><strong>${matches.completed}</strong> completed</li>
        <li><strong>${matches.endedEarly}</strong> ended early</li>
        <li><strong>${matches.inPlace}</strong> still in place</li>
      </ul>
      ${
        matches.endedEarly === 0
          ? html`<p>No match ended early.</p>`
          : html`<${BarChart} data=${{
              id: 'ended-early',
              title: 'Matches that ended early, by reason',
              description: `Why ${matches.endedEarly} of ${matches.made} matches ended before the end of the cycle.`,
              categories: matches.endedEarlyBy.map((each) => each.label),
              series: [
                {
                  name: 'Matches',
                  className: 'series-a',
                  values: matches.endedEarlyBy.map((each) => each.matches),
                },
              ],
            }} />`
      }
      <h2>Check-ins</h2>
      ${
        report.checkIns.length === 0
          ? html`<p>No check-in has been sent yet: the first goes 30 days after a match.</p>`
          : html`<${BarChart} data=${{
              id: 'check-in-responses',
              title: 'Check-in responses',
              description: `For each check-in, how many people were asked and how many answered (${report.checkIns.map((each) => `check-in ${each.number}: ${percent(each.responseRate)}`).join(', ')}).`,
              categories: report.checkIns.map((each) => `Check-in ${each.number}`),
              series: [
                {
                  name: 'Asked',
                  className: 'series-a',
                  values: report.checkIns.map((each) => each.asked),
                },
                {
                  name: 'Answered',
                  className: 'series-b',
                  values: report.checkIns.map((each) => each.answered),
                },
              ],
            }} />
            <${BarChart} data=${{
              id: 'ratings',
              title: 'How it is going, over time',
              description:
                'The average answer to "How is it going?" (1, not well, to 5, very well) at each check-in, from mentees and from mentors.',
              categories: report.ratings.map((each) => `Check-in ${each.number}`),
              series: [
                ...(['mentees', 'mentors'] as const).map((side) => ({
                  name: side === 'mentees' ? 'Mentees' : 'Mentors',
                  className: side === 'mentees' ? 'series-b' : 'series-a',
                  values: report.ratings.map((each) => each[side].average ?? 0),
                  readings: report.ratings.map((each) =>
                    each[side].average === null
                      ? 'no answers'
                      : `${oneDecimal(each[side].average)} (${each[side].answers} answer${each[side].answers === 1 ? '' : 's'})`,
                  ),
                })),
              ],
            }} />`
      }
      <h2>Mentors' meetings</h2>
      ${
        report.mentorMeetings.length === 0
          ? html`<p>No mentor has a match in this cycle.</p>`
          : html`<table class="results">
              <caption class="visually-hidden">Meetings each mentor reported in their check-ins</caption>
              <thead><tr><th scope="col">Mentor</th><th scope="col">Reference</th><th scope="col">Mentees</th><th scope="col">Meetings reported</th></tr></thead>
              <tbody>${report.mentorMeetings.map(
                (each) =>
                  html`<tr><th scope="row">${each.name}</th><td>${each.reference}</td><td>${each.mentees}</td><td>${each.meetings}</td></tr>`,
              )}</tbody>
            </table>`
      }
      <h2>Evaluations</h2>
      ${
        report.evaluations.asked === 0
          ? html`<p>Nobody has been asked yet: evaluations go out when the cycle is completed.</p>`
          : html`<p>${report.evaluations.answered} of ${report.evaluations.asked} people answered (${percent(report.evaluations.responseRate)}). ${report.evaluations.recommendMentor.yes} of ${report.evaluations.recommendMentor.yes + report.evaluations.recommendMentor.no} mentees who answered would recommend their mentor.</p>
            <${BarChart} data=${{
              id: 'take-part-again',
              title: 'Would they take part again?',
              description: 'The answers of everyone who evaluated the year.',
              categories: report.evaluations.takePartAgain.map((each) => each.label),
              series: [
                {
                  name: 'People',
                  className: 'series-a',
                  values: report.evaluations.takePartAgain.map((each) => each.people),
                },
              ],
            }} />
            <${BarChart} data=${{
              id: 'gained',
              title: 'What people gained',
              description:
                'How many people chose each answer to "What did you gain?" (any number each).',
              categories: report.evaluations.gained.map((each) => each.label),
              series: [
                {
                  name: 'People',
                  className: 'series-b',
                  values: report.evaluations.gained.map((each) => each.people),
                },
              ],
            }} />`
      }`
      }`
        : null
    }
  </section>`;
}
