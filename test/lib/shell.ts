// Building `sh -c` command lines out of argv arrays.

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

export function shellJoin(argv: string[]): string {
  return argv.map(quote).join(' ')
}
