import { useEffect, useState } from 'preact/hooks';
import type { MatchingSettings } from '../../shared/matching/matching-settings.js';
import type { AdminApi, ApiProblem } from '../admin-api.js';
import { html } from '../html.js';
import { asProblem, ProblemMessage } from './problem-message.js';

const CRITERIA: Array<[keyof MatchingSettings['weights'], string]> = [
  ['specialty', 'Specialty among the mentee’s interests'],
  ['goals', 'Share of the mentee’s goals the mentor covers'],
  ['region', 'Same region'],
  ['language', 'A shared language other than English'],
  ['meeting', 'Same meeting preference'],
];

/** The scoring settings: everyone reads them; admins change them (the weights add up to 100). */
export function ScoringSettings({ api, isAdmin }: { api: AdminApi; isAdmin: boolean }) {
  const [settings, setSettings] = useState<MatchingSettings | null>(null);
  const [draft, setDraft] = useState<MatchingSettings | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    api
      .matchingSettings()
      .then((found) => {
        setSettings(found);
        setDraft(found);
      })
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, []);
  if (!settings || !draft) return problem ? html`<${ProblemMessage} problem=${problem} />` : null;

  const total = Object.values(draft.weights).reduce((sum, weight) => sum + weight, 0);
  const save = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    setMessage('');
    try {
      const saved = await api.saveMatchingSettings(settings.version, {
        weights: draft.weights,
        minimumScore: draft.minimumScore,
      });
      setSettings(saved);
      setDraft(saved);
      setMessage(`Saved as version ${saved.version}; the next run uses it.`);
    } catch (error) {
      setProblem(asProblem(error));
    }
  };
  const number = (value: string) => (value === '' ? 0 : Math.trunc(Number(value)));

  return html`<details class="scoring">
    <summary>Scoring (version ${settings.version})</summary>
    <form onSubmit=${save}>
      ${CRITERIA.map(
        ([criterion, label]) => html`<div class="field" key=${criterion}>
          <label for=${`weight-${criterion}`}>${label}</label>
          <input id=${`weight-${criterion}`} type="number" min="0" max="100" step="1" readonly=${!isAdmin}
            value=${draft.weights[criterion]}
            onInput=${(event: Event) =>
              setDraft({
                ...draft,
                weights: {
                  ...draft.weights,
                  [criterion]: number((event.currentTarget as HTMLInputElement).value),
                },
              })} />
        </div>`,
      )}
      <div class="field">
        <label for="minimum-score">Minimum score (0 for none)</label>
        <input id="minimum-score" type="number" min="0" max="100" step="1" readonly=${!isAdmin}
          value=${draft.minimumScore}
          onInput=${(event: Event) =>
            setDraft({
              ...draft,
              minimumScore: number((event.currentTarget as HTMLInputElement).value),
            })} />
      </div>
      <p class="hint" role="status">Points add up to ${total}${total === 100 ? '.' : ': they must add up to 100.'}</p>
      ${problem ? html`<${ProblemMessage} problem=${problem} />` : null}
      ${isAdmin ? html`<button type="submit">Save scoring</button>` : null}
      <p role="status">${message}</p>
    </form>
  </details>`;
}
