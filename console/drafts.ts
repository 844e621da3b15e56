/** What a person typed into the review form and has not saved yet. */
export interface ReviewDraft {
  status: string;
  notes: string;
  /** The version the draft was typed over. */
  version: number;
}

const PREFIX = 'console-draft:';

/**
 * Unsaved review edits, kept in this tab's sessionStorage so that signing in again after
 * an expired session (a full page load) does not lose them. Cleared once saved, and at
 * sign-out; nothing here is a credential.
 */
export const reviewDrafts = {
  keep(id: string, draft: ReviewDraft) {
    try {
      window.sessionStorage.setItem(`${PREFIX}${id}`, JSON.stringify(draft));
    } catch {
      // Storage full or refused: the draft stays on the page only.
    }
  },
  take(id: string): ReviewDraft | undefined {
    try {
      const raw = window.sessionStorage.getItem(`${PREFIX}${id}`);
      if (!raw) return undefined;
      const draft = JSON.parse(raw) as Partial<ReviewDraft>;
      return typeof draft.status === 'string' &&
        typeof draft.notes === 'string' &&
        typeof draft.version === 'number'
        ? (draft as ReviewDraft)
        : undefined;
    } catch {
      return undefined;
    }
  },
  forget(id: string) {
    window.sessionStorage.removeItem(`${PREFIX}${id}`);
  },
  forgetAll() {
    for (const key of Object.keys(window.sessionStorage)) {
      if (key.startsWith(PREFIX)) window.sessionStorage.removeItem(key);
    }
  },
};
