/**
 * Shows a command line the way a user would type it, quoting words with
 * spaces or shell characters, so titles like `--pre-stop 'sleep 1'` read right.
 */

/**
 * @param {string[]} words
 * @returns {string}
 */
export function shellJoin(words) {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}
