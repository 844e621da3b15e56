/**
 * The limits of bringing in a colleague, in a file that imports nothing, so the console's
 * bundle takes the numbers and nothing else.
 */

/**
 * How many colleagues a mentee has at once: one. The program's post asks mentors to bring
 * in a colleague when their protégé needs expertise they lack; one need at a time keeps the
 * mentee's emails, history and Matches row readable and spends one more mentor's place, not
 * several. When the need changes, staff end the colleague's match and bring in another.
 */
export const COLLEAGUES_PER_MENTEE = 1;

/** The longest need staff state for a colleague (one line, kept in both histories). */
export const COLLEAGUE_NEED_MAX_LENGTH = 200;
