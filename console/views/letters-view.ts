import { useEffect, useState } from 'preact/hooks';
import type { Cycle } from '../../shared/applications/cycles.js';
import { counted } from '../../shared/platform/text/plural-words.js';
import type { LetterCandidate, LetterIssueReport } from '../../shared/recognition/issue-letters.js';
import type { AdminApi, ApiProblem } from '../admin-api.js';
import { formatDay } from '../answers.js';
import { html } from '../html.js';
import { letterOutcomeSentences } from '../letter-outcomes.js';
import { saveFile } from '../save-file.js';
import { asProblem, ProblemMessage } from './problem-message.js';

interface LettersViewProps {
  api: AdminApi;
  cycleId: string;
}

/** How often mentors the API could not reach in time are sent again, before saying so. */
const MOST_ROUNDS = 5;

const EMAIL_WORDS: Record<string, string> = {
  pending: 'Being emailed',
  sent: 'Emailed',
  failed: 'Email failed: download it and send it yourself',
  suppressed: 'Not emailed: the address bounced or complained',
  bounced: 'Email bounced',
  complained: 'Email reported as spam',
};

/** Where a mentor's letter stands, in a few words. */
function letterState(mentor: LetterCandidate): string {
  if (!mentor.letter) return 'Not issued';
  const issued = `Issued ${formatDay(mentor.letter.issuedAt)} by ${mentor.letter.issuedBy}`;
  if (mentor.email) return `${issued}. ${EMAIL_WORDS[mentor.email.state] ?? mentor.email.state}.`;
  return `${issued}. ${mentor.consentsToEmail ? 'Not emailed yet' : 'Not emailed (no consent)'}.`;
}

/**
 * A cycle's letters of recognition (admins): the mentors who completed it, each with what
 * their letter states and whether they asked for it by email; select some or all and issue,
 * each once, and download any issued letter to print or send.
 */
export function LettersView({ api, cycleId }: LettersViewProps) {
  const [cycle, setCycle] = useState<Pick<Cycle, 'id' | 'name'> | null>(null);
  const [mentors, setMentors] = useState<LetterCandidate[] | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [said, setSaid] = useState<string[]>([]);
  const [working, setWorking] = useState('');
  const [actionProblem, setActionProblem] = useState<ApiProblem | null>(null);

  const read = () =>
    api
      .letters(cycleId)
      .then((listing) => {
        setCycle(listing.cycle);
        setMentors(listing.mentors);
      })
      .catch((error: unknown) => setProblem(asProblem(error)));
  useEffect(() => {
    read();
  }, [cycleId]);

  // Only mentors a letter can say something about: one whose matches all ended early has
  // none to state, and the API would refuse them.
  const issuable = (mentors ?? []).filter((mentor) => mentor.facts.mentees > 0);
  const allSelected =
    issuable.length > 0 && issuable.every((mentor) => selected.has(mentor.mentorId));
  const someSelected = !allSelected && issuable.some((mentor) => selected.has(mentor.mentorId));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const toggleAll = (on: boolean) =>
    setSelected(on ? new Set(issuable.map((mentor) => mentor.mentorId)) : new Set());
  const nameOf = (id: string) => mentors?.find((mentor) => mentor.mentorId === id)?.name ?? id;

  const issue = async (event: Event) => {
    event.preventDefault();
    if (selected.size === 0) {
      setSaid(['Select at least one mentor to issue letters to.']);
      return;
    }
    setActionProblem(null);
    setSaid([]);
    const results: LetterIssueReport['results'] = [];
    try {
      // The API stops short of its timeout and says who it did not reach: those go again.
      let asked = [...selected];
      for (let round = 1; round <= MOST_ROUNDS && asked.length > 0; round++) {
        setWorking(`Issuing ${counted(asked.length, { one: 'letter', other: 'letters' })}…`);
        const report = await api.issueLetters(cycleId, asked);
        const reached = report.results.filter((result) => result.outcome !== 'not_attempted');
        results.push(...reached);
        asked = report.results
          .filter((result) => result.outcome === 'not_attempted')
          .map((result) => result.id);
        if (round === MOST_ROUNDS) {
          results.push(...report.results.filter((result) => result.outcome === 'not_attempted'));
        }
      }
      setSaid(letterOutcomeSentences({ results }, nameOf));
      setSelected(new Set());
      await read();
    } catch (error) {
      setActionProblem(asProblem(error));
      if (results.length > 0) setSaid(letterOutcomeSentences({ results }, nameOf));
    } finally {
      setWorking('');
    }
  };

  const download = async (mentor: LetterCandidate) => {
    setActionProblem(null);
    try {
      const { filename, blob } = await api.downloadLetter(cycleId, mentor.mentorId);
      saveFile(filename, blob);
      setSaid([`Downloaded the letter of ${mentor.name}.`]);
    } catch (error) {
      setActionProblem(asProblem(error));
    }
  };

  const heading = cycle ? `Letters of recognition: ${cycle.name}` : 'Letters of recognition';
  return html`<section aria-labelledby="letters-heading">
    <p><a href="#/cycles">Back to the cycles</a></p>
    <h1 id="letters-heading" tabindex="-1">${heading}</h1>
    <p class="hint">Each mentor who completed the cycle can be given a letter from the association: their
      name, the cycle, how many mentees they saw through and the meetings they reported. Issuing a letter
      twice changes nothing. It is emailed, with the PDF attached, only to mentors who said yes to it at their
      end-of-cycle evaluation; download any other to print or send yourself.</p>
    ${problem ? html`<${ProblemMessage} problem=${problem} />` : null}
    ${!mentors && !problem ? html`<p role="status">Loading the cycle’s mentors…</p>` : null}
    <div class="bulk-summary" role="status">
      ${working ? html`<p>${working}</p>` : null}
      ${said.map((sentence) => html`<p>${sentence}</p>`)}
    </div>
    ${actionProblem ? html`<${ProblemMessage} problem=${actionProblem} />` : null}
    ${
      mentors && mentors.length === 0
        ? html`<p class="empty">No mentor has completed this cycle yet: letters can be issued once the
            cycle is completed.</p>`
        : null
    }
    ${
      mentors && mentors.length > 0
        ? html`<form onSubmit=${issue} aria-labelledby="letters-heading">
            <div class="selection">
              <label class="select-all">
                <input type="checkbox" class="check" checked=${allSelected} indeterminate=${someSelected}
                  disabled=${issuable.length === 0}
                  onChange=${(event: Event) => toggleAll((event.currentTarget as HTMLInputElement).checked)} />
                Select all ${counted(issuable.length, { one: 'mentor', other: 'mentors' })}
              </label>
            </div>
            <table class="results letters">
              <caption class="visually-hidden">Mentors who completed ${cycle?.name ?? 'the cycle'}, by name</caption>
              <thead><tr>
                <th scope="col"><span class="visually-hidden">Selected</span></th>
                <th scope="col">Mentor</th><th scope="col">Mentees</th><th scope="col">Meetings reported</th>
                <th scope="col">Letter by email</th><th scope="col">Letter</th>
                <th scope="col"><span class="visually-hidden">Download</span></th>
              </tr></thead>
              <tbody>
                ${mentors.map(
                  (
                    mentor,
                  ) => html`<tr key=${mentor.mentorId} class=${selected.has(mentor.mentorId) ? 'selected' : undefined}>
                    <td class="select">${
                      mentor.facts.mentees > 0
                        ? html`<label>
                            <input type="checkbox" class="check" checked=${selected.has(mentor.mentorId)}
                              onChange=${(event: Event) => toggle(mentor.mentorId, (event.currentTarget as HTMLInputElement).checked)} />
                            <span class="visually-hidden">Select ${mentor.name}</span>
                          </label>`
                        : null
                    }</td>
                    <th scope="row" data-label="Mentor"><a href=${`#/submissions/${mentor.mentorId}`}>${mentor.name}</a>
                      <br /><span class="hint">${mentor.reference}</span></th>
                    <td data-label="Mentees">${mentor.facts.mentees > 0 ? mentor.facts.mentees : 'None completed: no letter'}</td>
                    <td data-label="Meetings reported">${mentor.facts.meetings}</td>
                    <td data-label="Letter by email">${mentor.consentsToEmail ? 'Yes' : 'No'}</td>
                    <td data-label="Letter">${letterState(mentor)}</td>
                    <td data-label="Download">${
                      mentor.letter
                        ? html`<button type="button" class="secondary" onClick=${() => download(mentor)}
                            aria-label=${`Download the letter of ${mentor.name}`}>Download</button>`
                        : null
                    }</td>
                  </tr>`,
                )}
              </tbody>
            </table>
            <div class="actions">
              <button type="submit" disabled=${Boolean(working)}>
                ${working ? 'Issuing…' : `Issue letters (${selected.size.toLocaleString('en-US')} selected)`}
              </button>
            </div>
          </form>`
        : null
    }
  </section>`;
}
