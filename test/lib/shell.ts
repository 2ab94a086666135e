// Building `sh -c` command lines out of argv arrays.

/** Quotes one word for sh. */
export function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/** Joins an argv into one sh command line. */
export function shellJoin(argv: string[]): string {
  return argv.map(quote).join(' ')
}
