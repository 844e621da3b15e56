import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ApiProblem } from '../admin-api.js';

/**
 * A form's refusal, as every console form shows it: after a refusal the first field it names
 * takes focus (found by `fieldId`), else the message in `.problem-wrap` does, so a keyboard
 * or screen-reader user lands where the mending starts.
 */
export function useFormProblem(
  container: RefObject<HTMLElement | null>,
  fieldId: (name: string) => string,
) {
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  useEffect(() => {
    if (!problem) return;
    const first = problem.issues[0]?.path;
    const target = first
      ? container.current?.querySelector<HTMLElement>(`#${fieldId(first)}`)
      : null;
    (target ?? container.current?.querySelector<HTMLElement>('.problem-wrap'))?.focus();
  }, [problem]);
  /** What the refusal says of one field, if anything. */
  const issueFor = (name: string) => problem?.issues.find((issue) => issue.path === name)?.message;
  return { problem, setProblem, issueFor };
}

/** An `aria-describedby` of the ids given (a hint, an error shown only with a problem). */
export const describedBy = (...ids: Array<string | false | undefined>) =>
  ids.filter(Boolean).join(' ') || undefined;
