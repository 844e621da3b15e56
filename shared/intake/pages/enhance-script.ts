import { DECIMAL_NUMBER } from '../../applications/schemas/form-fields.js';

/**
 * The progressive enhancement for the application forms, served as /forms/enhance.js
 * (a file, not inline, so the page's CSP can forbid inline script). Without it the form
 * posts urlencoded and the server answers with pages; with it the form posts JSON, shows
 * each problem next to its field and keeps everything typed.
 */
export const ENHANCE_SCRIPT = `(() => {
  'use strict';
  const forms = document.querySelectorAll('form[data-enhance]');
  for (const form of forms) {
    form.noValidate = true;
    const summary = form.querySelector('.summary');
    const button = form.querySelector('button[type="submit"]');

    const clearErrors = () => {
      for (const slot of form.querySelectorAll('[data-error-for]')) { slot.textContent = ''; slot.hidden = true; }
      for (const invalid of form.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
      summary.hidden = true;
      summary.textContent = '';
    };

    const showSummary = (message) => {
      summary.textContent = message;
      summary.hidden = false;
      summary.focus();
    };

    const collect = () => {
      const body = {};
      for (const field of form.querySelectorAll('[data-field]')) {
        const name = field.dataset.field;
        const kind = field.dataset.kind;
        const required = field.dataset.required === 'true';
        if (kind === 'choices') {
          body[name] = [...field.querySelectorAll('input:checked')].map((input) => input.value);
        } else if (kind === 'boolean') {
          body[name] = field.querySelector('input').checked;
        } else if (kind === 'choice') {
          const checked = field.querySelector('input:checked');
          const value = checked ? checked.value : (field.querySelector('select') || {}).value || '';
          if (value !== '') body[name] = value;
        } else {
          const value = field.querySelector('input, textarea').value;
          if (value.trim() === '') { if (required) body[name] = value; continue; }
          // A number control's value is empty or a valid floating-point number ("5.0", "2e1").
          body[name] = kind === 'number' && ${DECIMAL_NUMBER}.test(value.trim()) ? Number(value) : value;
        }
      }
      for (const hidden of form.querySelectorAll('.hp input, input[type="hidden"], [name="cf-turnstile-response"]')) {
        if (hidden.name && hidden.value !== '') body[hidden.name] = hidden.value;
      }
      return body;
    };

    const showIssues = (issues) => {
      let first = null;
      for (const issue of issues) {
        const name = String(issue.path).split('.')[0];
        const slot = form.querySelector('[data-error-for="' + CSS.escape(name) + '"]');
        if (!slot) continue;
        slot.textContent = slot.textContent ? slot.textContent + ' ' + issue.message : issue.message;
        slot.hidden = false;
        const field = form.querySelector('[data-field="' + CSS.escape(name) + '"]');
        const control = field.matches('fieldset') ? field : field.querySelector('input, select, textarea');
        control.setAttribute('aria-invalid', 'true');
        first = first || field.querySelector('input, select, textarea');
      }
      showSummary(issues.length === 1 ? 'Please correct the problem marked below.' : 'Please correct the ' + issues.length + ' problems marked below.');
      if (first) first.focus();
    };

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors();
      button.disabled = true;
      try {
        const response = await fetch(form.action, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(collect()),
        });
        const answer = await response.json().catch(() => ({}));
        if (response.status === 201) {
          const target = new URL(form.dataset.thankYou, window.location.href);
          target.searchParams.set('reference', answer.reference);
          window.location.assign(target.href);
          return;
        }
        if (answer.error === 'validation_failed') showIssues(answer.issues || []);
        else showSummary(answer.message || 'Your application could not be sent. Please try again.');
      } catch {
        showSummary('Your application could not be sent: check your connection and try again.');
      } finally {
        button.disabled = false;
      }
    });
  }
})();
`;
