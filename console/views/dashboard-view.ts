import { useEffect, useState } from 'preact/hooks';
import type { DashboardView as Dashboard } from '../../shared/dashboard/dashboard-view.js';
import type { ConsoleSettings } from '../../shared/review/console/console-settings.js';
import type { AdminApi, ApiProblem } from '../admin-api.js';
import { formatDay } from '../answers.js';
import { BarChart } from '../charts.js';
import { html } from '../html.js';
import { formatLocation, type ListFilters } from '../locations.js';
import { asProblem, ProblemMessage } from './problem-message.js';

const EMAIL_WORDS: Record<keyof Dashboard['emails'], string> = {
  sent: 'Sent',
  pending: 'Pending',
  failed: 'Failed',
  suppressed: 'Suppressed',
  bounced: 'Bounced',
  complained: 'Complained',
};

/** The console's dashboard: how the current cycle is doing, as charts and their tables. */
export function DashboardView({ api, settings }: { api: AdminApi; settings: ConsoleSettings }) {
  const [dashboard, setDashboard] = useState<Dashboard | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  useEffect(() => {
    api
      .dashboard()
      .then(setDashboard)
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, [api]);

  const cycle = dashboard?.cycle;
  const listOf = (filters: ListFilters) =>
    formatLocation({
      view: 'list',
      filters: { ...filters, ...(cycle ? { cycle: cycle.id } : {}) },
    });
  const mentees = dashboard?.statuses.mentee;
  const applied = dashboard
    ? dashboard.applicationsByDay.reduce((sum, day) => sum + day.mentor + day.mentee, 0)
    : 0;

  return html`<section aria-labelledby="dashboard-heading">
    <h1 id="dashboard-heading" tabindex="-1">Dashboard${cycle ? `: ${cycle.name}` : ''}</h1>
    ${problem ? html`<${ProblemMessage} problem=${problem} />` : null}
    ${!dashboard && !problem ? html`<p role="status">Loading…</p>` : null}
    ${
      dashboard && mentees
        ? html`
      <p class="hint">${cycle ? `Applications from ${formatDay(cycle.opensAt)} to ${formatDay(cycle.closesAt)}.` : 'No cycle is set up: every application counts here.'}${' '}
        Counts follow changes within seconds.</p>
      <ul class="figures">
        <li><a href=${listOf({ type: 'mentee' })}><strong>${dashboard.funnel.applied}</strong> mentees applied</a></li>
        <li><a href=${listOf({ type: 'mentee', status: 'under_review' })}><strong>${dashboard.funnel.reviewed}</strong> reviewed</a></li>
        <li><a href=${listOf({ type: 'mentee', status: 'matched' })}><strong>${dashboard.funnel.matched}</strong> matched</a></li>
        <li><strong>${dashboard.matchRate === null ? '–' : `${Math.round(dashboard.matchRate * 100)}%`}</strong> of reviewed mentees matched</li>
        <li><a href=${listOf({ type: 'mentee', status: 'waitlisted' })}><strong>${dashboard.menteesWaiting}</strong> mentees waiting</a> (under review or waitlisted)</li>
        <li><a href=${listOf({ status: 'received' })}><strong>${mentees.received + dashboard.statuses.mentor.received}</strong> still Received</a></li>
        ${dashboard.carriedOver > 0 ? html`<li><strong>${dashboard.carriedOver}</strong> carried over with priority</li>` : null}
      </ul>
      ${
        applied === 0
          ? html`<p>No applications in this cycle yet${cycle ? `: the window opens on ${formatDay(cycle.opensAt)}` : ''}.</p>`
          : html`<${BarChart} data=${{
              id: 'by-day',
              title: 'Applications over time',
              description: `Applications received per day in Los Angeles, mentors and mentees, ${dashboard.applicationsByDay.length} days with any.`,
              categories: dashboard.applicationsByDay.map((day) =>
                formatDay(`${day.day}T20:00:00Z`),
              ),
              series: [
                {
                  name: settings.roles.mentor.label,
                  className: 'series-a',
                  values: dashboard.applicationsByDay.map((day) => day.mentor),
                },
                {
                  name: settings.roles.mentee.label,
                  className: 'series-b',
                  values: dashboard.applicationsByDay.map((day) => day.mentee),
                },
              ],
            }} />`
      }
      <${BarChart} data=${{
        id: 'by-stage',
        title: 'Mentees by career stage, and mentor places',
        description:
          'For each career stage, the mentees still in the program and the places mentors offer that stage (a mentor taking two stages counts in both).',
        categories: dashboard.menteesByStage.map((stage) => stage.label),
        series: [
          {
            name: 'Mentees',
            className: 'series-b',
            values: dashboard.menteesByStage.map((stage) => stage.mentees),
          },
          {
            name: 'Mentor places',
            className: 'series-a',
            values: dashboard.menteesByStage.map((stage) => stage.mentorPlaces),
          },
        ],
      }} />
      <${BarChart} data=${{
        id: 'by-region',
        title: 'Mentees by region',
        description: 'The mentees still in the program, by the region of the county they are in.',
        categories: dashboard.menteesByRegion.map((region) => region.label),
        series: [
          {
            name: 'Mentees',
            className: 'series-b',
            values: dashboard.menteesByRegion.map((region) => region.mentees),
          },
        ],
      }} />
      <h2>Email health</h2>
      <table class="results">
        <caption class="visually-hidden">The cycle's emails by state</caption>
        <thead><tr><th scope="col">State</th><th scope="col">Emails</th></tr></thead>
        <tbody>${(Object.keys(EMAIL_WORDS) as Array<keyof Dashboard['emails']>).map(
          (state) =>
            html`<tr><th scope="row">${EMAIL_WORDS[state]}</th><td>${dashboard.emails[state]}</td></tr>`,
        )}</tbody>
      </table>`
        : null
    }
  </section>`;
}
