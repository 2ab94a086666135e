// The "seen during the runs" list of a scenario: odd things worth a reader's look, each said
// once however many runs repeat it (an init's stderr, a lost signal, an unexpected exit).

export class Notes {
  constructor() {
    /** @type {Map<string, string>} key → text, in the order first seen */
    this.seen = new Map();
    /** @type {Map<string, number>} key → how many times */
    this.count = new Map();
  }

  /**
   * @param {string} key what makes two notes the same
   * @param {string} text
   */
  add(key, text) {
    if (!this.seen.has(key)) this.seen.set(key, text);
    this.count.set(key, (this.count.get(key) ?? 0) + 1);
  }

  /**
   * Notes the first line an init wrote to stderr: at the default log level an init should be
   * silent, so anything there (a warning, an error) is worth reading.
   * @param {string} label
   * @param {{ stderr: string }} proc
   */
  stderr(label, proc) {
    const first = proc.stderr.trim().split('\n')[0];
    // Pids and times differ from run to run; the message is the same note.
    if (first) this.add(`${label}\0${first.replace(/\d+/g, 'N')}`, `${label} wrote to stderr: \`${first.slice(0, 300)}\``);
  }

  /** @returns {string[]} */
  list() {
    return [...this.seen].map(([key, text]) => {
      const n = this.count.get(key) ?? 1;
      return n > 1 ? `${text} (${n} times)` : text;
    });
  }
}
