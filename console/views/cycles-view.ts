import { useEffect, useRef, useState } from 'preact/hooks';
import type { Cycle, CycleDetails } from '../../shared/applications/cycles.js';
import { toLosAngelesWallTime } from '../../shared/platform/text/los-angeles-time.js';
import { counted } from '../../shared/platform/text/plural-words.js';
import type { CycleListing } from '../../shared/review/cycle-admin.js';
import { type AdminApi, ApiProblem } from '../admin-api.js';
import { formatTime } from '../answers.js';
import { html } from '../html.js';
import { lettersHref } from '../locations.js';
import { useFormProblem } from './form-problem.js';
import { asProblem, ProblemMessage } from './problem-message.js';

/** A cycle as its form holds it: every field text, the window's ends as Los Angeles wall times. */
type CycleDraft = Record<keyof CycleDetails, string>;

const BLANK: CycleDraft = {
  name: '',
  opensAt: '',
  closesAt: '',
  matchingOn: '',
  startsOn: '',
  endsOn: '',
};

const FIELDS: Array<{ name: keyof CycleDetails; label: string; type: string; hint?: string }> = [
  { name: 'name', label: 'Name', type: 'text', hint: 'For example, 2027 Mentoring Program.' },
  {
    name: 'opensAt',
    label: 'Applications open',
    type: 'datetime-local',
    hint: 'Los Angeles time.',
  },
  {
    name: 'closesAt',
    label: 'Applications close',
    type: 'datetime-local',
    hint: 'Los Angeles time. A form opened before this is still taken for 30 minutes after it.',
  },
  { name: 'matchingOn', label: 'Matching day (optional)', type: 'date' },
  { name: 'startsOn', label: 'Program starts (optional)', type: 'date' },
  { name: 'endsOn', label: 'Program ends (optional)', type: 'date' },
];

const draftOf = (cycle: Cycle): CycleDraft => ({
  name: cycle.name,
  opensAt: toLosAngelesWallTime(cycle.opensAt),
  closesAt: toLosAngelesWallTime(cycle.closesAt),
  matchingOn: cycle.matchingOn ?? '',
  startsOn: cycle.startsOn ?? '',
  endsOn: cycle.endsOn ?? '',
});

/** What the API takes: the optional days only when given. */
const detailsOf = (draft: CycleDraft): CycleDetails => ({
  name: draft.name,
  opensAt: draft.opensAt,
  closesAt: draft.closesAt,
  ...(draft.matchingOn ? { matchingOn: draft.matchingOn } : {}),
  ...(draft.startsOn ? { startsOn: draft.startsOn } : {}),
  ...(draft.endsOn ? { endsOn: draft.endsOn } : {}),
});

/** Where a cycle's window stands now, in a word. */
function windowWord(cycle: Cycle, now: Date): string {
  if (now.toISOString() < cycle.opensAt) return 'Upcoming';
  return now.toISOString() < cycle.closesAt ? 'Open' : 'Closed';
}

const DAY = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const day = (isoDay?: string) => (isoDay ? DAY.format(new Date(`${isoDay}T00:00:00Z`)) : '–');

/** What carrying over did, in a sentence. */
export function carryOverSentence(
  cycle: Cycle,
  from: Cycle | undefined,
  outcome: { carried: number; changedMeanwhile: number },
): string {
  if (!from) return `There is no cycle before ${cycle.name} to carry mentees over from.`;
  const moved = `Carried ${counted(outcome.carried, { one: 'waiting mentee', other: 'waiting mentees' })} of ${from.name} into ${cycle.name}, with priority in matching`;
  const stayed =
    outcome.changedMeanwhile > 0
      ? `; ${counted(outcome.changedMeanwhile, { one: 'was', other: 'were' })} changed by someone meanwhile and stayed`
      : '';
  return `${moved}${stayed}.`;
}

/** What inviting returning mentors did, in a sentence. */
export function invitationSentence(
  cycle: Cycle,
  from: Cycle | undefined,
  outcome: { invited: number; alreadyInvited: number; alreadyApplied: number },
): string {
  if (!from) return `There is no cycle before ${cycle.name} to invite mentors from.`;
  const parts = [
    `Invited ${counted(outcome.invited, { one: 'mentor', other: 'mentors' })} of ${from.name} to take part in ${cycle.name}`,
  ];
  if (outcome.alreadyInvited > 0) {
    parts.push(
      `${counted(outcome.alreadyInvited, { one: 'had', other: 'had' })} been invited already`,
    );
  }
  if (outcome.alreadyApplied > 0) {
    parts.push(
      `${counted(outcome.alreadyApplied, { one: 'had', other: 'had' })} applied on their own`,
    );
  }
  return `${parts.join('; ')}.`;
}

interface CyclesViewProps {
  api: AdminApi;
  isAdmin: boolean;
  /** Called after a cycle is saved, so the rest of the console reads the cycles again. */
  changed: () => void;
}

/**
 * The program's cycles: when each takes applications, which one is current; admins create
 * and change them, carry waiting mentees over and invite the last cycle's mentors back.
 */
export function CyclesView({ api, isAdmin, changed }: CyclesViewProps) {
  const [listing, setListing] = useState<CycleListing | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [editing, setEditing] = useState<Cycle | 'new' | null>(null);
  const [said, setSaid] = useState('');
  const [actionProblem, setActionProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const read = () =>
    api
      .cycles()
      .then((found) => {
        setListing(found);
        return found;
      })
      .catch((error: unknown) => {
        setProblem(asProblem(error));
        return null;
      });
  useEffect(() => {
    read();
  }, []);

  const cycles = listing?.cycles ?? [];
  const before = (cycle: Cycle) => cycles.filter((other) => other.opensAt < cycle.opensAt).at(-1);
  const act = async (run: () => Promise<string>) => {
    setBusy(true);
    setSaid('');
    setActionProblem(null);
    try {
      setSaid(await run());
    } catch (error) {
      setActionProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const carryOver = (cycle: Cycle) =>
    act(async () => carryOverSentence(cycle, before(cycle), await api.carryOver(cycle.id)));
  const invite = (cycle: Cycle) =>
    act(async () =>
      invitationSentence(cycle, before(cycle), await api.inviteReturningMentors(cycle.id)),
    );
  const saved = async (cycle: Cycle, created: boolean) => {
    setEditing(null);
    await read();
    changed();
    setSaid(`${created ? 'Created' : 'Saved'} ${cycle.name}.`);
  };
  const now = new Date();

  return html`<section aria-labelledby="cycles-heading">
    <h1 id="cycles-heading" tabindex="-1">Cycles</h1>
    <p class="hint">A cycle opens and closes the application forms on dates, in Los Angeles time, and
      every application records the cycle it arrived in. The console shows the current cycle by default.</p>
    ${problem ? html`<${ProblemMessage} problem=${problem} />` : null}
    ${!listing && !problem ? html`<p role="status">Loading cycles…</p>` : null}
    <p role="status" class=${said ? 'flash' : undefined}>${said}</p>
    ${actionProblem ? html`<${ProblemMessage} problem=${actionProblem} />` : null}
    ${
      listing && cycles.length === 0
        ? html`<p class="empty">No cycle is set up, so the forms are always open. ${
            isAdmin
              ? 'Create one to open and close applications on dates.'
              : 'An admin can create one to open and close applications on dates.'
          }</p>`
        : null
    }
    ${
      cycles.length > 0
        ? html`<table class="results cycles">
            <caption class="visually-hidden">The program's cycles, newest first</caption>
            <thead><tr>
              <th scope="col">Cycle</th><th scope="col">Applications</th><th scope="col">Matching</th>
              <th scope="col">Program</th><th scope="col">Status</th>
              ${isAdmin ? html`<th scope="col">Actions</th>` : null}
            </tr></thead>
            <tbody>
              ${[...cycles].reverse().map(
                (cycle) => html`<tr key=${cycle.id}>
                  <th scope="row" data-label="Cycle">${cycle.name}</th>
                  <td data-label="Applications">${formatTime(cycle.opensAt)} to ${formatTime(cycle.closesAt)}</td>
                  <td data-label="Matching">${day(cycle.matchingOn)}</td>
                  <td data-label="Program">${cycle.startsOn || cycle.endsOn ? `${day(cycle.startsOn)} to ${day(cycle.endsOn)}` : '–'}</td>
                  <td data-label="Status">${windowWord(cycle, now)}${cycle.id === listing?.currentCycleId ? ' (current)' : ''}</td>
                  ${
                    isAdmin
                      ? html`<td data-label="Actions"><div class="actions">
                          <button type="button" class="secondary" onClick=${() => setEditing(cycle)}
                            aria-label=${`Edit ${cycle.name}`}>Edit</button>
                          <a class="button secondary" href=${lettersHref(cycle.id)}
                            aria-label=${`Letters of recognition for ${cycle.name}`}>Letters of recognition</a>
                          ${
                            // Only where they apply: a cycle before to take from, and (to
                            // invite) a window not yet over.
                            before(cycle)
                              ? html`<button type="button" class="secondary" disabled=${busy} onClick=${() => carryOver(cycle)}
                                  aria-label=${`Carry over waiting mentees into ${cycle.name}`}>Carry over waiting mentees</button>`
                              : null
                          }
                          ${
                            before(cycle) && windowWord(cycle, now) !== 'Closed'
                              ? html`<button type="button" class="secondary" disabled=${busy} onClick=${() => invite(cycle)}
                                  aria-label=${`Invite last cycle's mentors to ${cycle.name}`}>Invite last cycle's mentors</button>`
                              : null
                          }
                        </div></td>`
                      : null
                  }
                </tr>`,
              )}
            </tbody>
          </table>`
        : null
    }
    ${
      isAdmin && listing
        ? editing === null
          ? html`<p><button type="button" onClick=${() => setEditing('new')}>New cycle</button></p>`
          : html`<${CycleForm} key=${editing === 'new' ? 'new' : editing.id} api=${api}
              cycle=${editing === 'new' ? undefined : editing} saved=${saved}
              cancel=${() => setEditing(null)} reread=${read} />`
        : null
    }
  </section>`;
}

interface CycleFormProps {
  api: AdminApi;
  /** The cycle to change; a new one without it. */
  cycle?: Cycle;
  saved: (cycle: Cycle, created: boolean) => void;
  cancel: () => void;
  reread: () => Promise<CycleListing | null>;
}

/** Creating or changing a cycle: each field labelled, each problem beside its field. */
function CycleForm({ api, cycle, saved, cancel, reread }: CycleFormProps) {
  const [draft, setDraft] = useState<CycleDraft>(cycle ? draftOf(cycle) : BLANK);
  // The version the admin is editing: a newer one read after a conflict replaces it.
  const [base, setBase] = useState<Cycle | undefined>(cycle);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const { problem, setProblem, issueFor } = useFormProblem(form, (name) => `cycle-${name}`);
  const heading = cycle ? `Edit ${cycle.name}` : 'New cycle';

  useEffect(() => {
    form.current?.querySelector<HTMLElement>('h2')?.focus();
  }, []);
  const submit = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setProblem(null);
    try {
      const details = detailsOf(draft);
      const result = base
        ? await api.changeCycle(base.id, base.version, details)
        : await api.createCycle(details);
      saved(result, !base);
    } catch (error) {
      const refusal = asProblem(error);
      if (refusal.code === 'version_conflict' && base) {
        // Someone saved this cycle meanwhile: what they saved is shown, what was typed is kept.
        const fresh = (await reread())?.cycles.find((each) => each.id === base.id);
        if (fresh) setBase(fresh);
        setProblem(
          new ApiProblem(
            refusal.status,
            refusal.code,
            `Someone else changed ${base.name} while you were editing it${
              fresh
                ? `: it now opens ${formatTime(fresh.opensAt)} and closes ${formatTime(fresh.closesAt)}`
                : ''
            }. Your changes are still here: save again to replace theirs, or cancel to keep them.`,
          ),
        );
      } else {
        setProblem(refusal);
      }
    } finally {
      setSaving(false);
    }
  };

  return html`<form class="review cycle-form" ref=${form} onSubmit=${submit} aria-labelledby="cycle-form-heading" novalidate>
    <h2 id="cycle-form-heading" tabindex="-1">${heading}</h2>
    ${problem ? html`<div tabindex="-1" class="problem-wrap"><${ProblemMessage} problem=${problem} /></div>` : null}
    ${FIELDS.map(({ name, label, type, hint }) => {
      const issue = issueFor(name);
      const describedBy =
        [hint ? `cycle-${name}-hint` : '', issue ? `cycle-${name}-error` : '']
          .filter(Boolean)
          .join(' ') || undefined;
      return html`<div class="field" key=${name}>
        <label for=${`cycle-${name}`}>${label}</label>
        ${hint ? html`<p class="hint" id=${`cycle-${name}-hint`}>${hint}</p>` : null}
        <input id=${`cycle-${name}`} name=${name} type=${type} value=${draft[name]}
          required=${['name', 'opensAt', 'closesAt'].includes(name)}
          maxlength=${name === 'name' ? 80 : undefined}
          aria-invalid=${issue ? 'true' : undefined} aria-describedby=${describedBy}
          onInput=${(event: Event) =>
            setDraft({ ...draft, [name]: (event.currentTarget as HTMLInputElement).value })} />
        ${issue ? html`<p class="error" id=${`cycle-${name}-error`}>${issue}</p>` : null}
      </div>`;
    })}
    <div class="actions">
      <button type="submit" disabled=${saving}>${saving ? 'Saving…' : cycle ? 'Save cycle' : 'Create cycle'}</button>
      <button type="button" class="secondary" onClick=${cancel}>Cancel</button>
    </div>
  </form>`;
}
