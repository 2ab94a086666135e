/**
 * Escaping for text put into the HTML report and its inline SVG: commands and
 * server messages end up there verbatim.
 */

/**
 * @param {unknown} value
 * @returns {string}
 */
export function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
