import { html } from '../../platform/html/markup.js';
import { renderPage } from '../../platform/html/page.js';

/**
 * The local front page, in the spirit of the association's "Why Be A Mentor?" post: why
 * mentoring is worth a physician's time, and the two ways in.
 */
export function renderLandingPage(closed?: { title: string; text: string }): string {
  return renderPage(
    'LACMA Mentoring Program',
    html`<h1>Why be a mentor?</h1>
<p>Physicians who mentor report more satisfaction in their work and a renewed sense of purpose,
the same reasons many chose medicine (Wendy C. Coates, MD, Harbor-UCLA, <cite>Academic Emergency
Medicine</cite>, 2012).</p>
<p>Mentors do best with the support of other mentors and the recognition of their institution.
When a mentee needs expertise you lack, bring in a colleague; and expect the relationship to grow
into one between peers.</p>
<p>The Los Angeles County Medical Association matches physicians with medical students, residents,
fellows and early-career physicians later in the year. Apply once; we confirm by email with a
reference number.</p>
${
  closed
    ? html`<h2>${closed.title}</h2>
<p>${closed.text}</p>`
    : html`<nav class="links" aria-label="Applications">
<a href="/forms/mentor">Apply as a mentor</a>
<a href="/forms/mentee">Apply as a mentee</a>
</nav>`
}`,
  );
}
