// The order in which the bench runs its commands: interleaved, A B C A B C ..., so a slow
// moment of a shared machine (another job, a cache flush) lands on every command alike
// instead of on whichever happened to run then.

/**
 * @template T
 * @param {number} runs runs per subject
 * @param {T[]} subjects
 * @returns {Generator<{ run: number, subject: T, index: number, total: number }>}
 */
export function* alternate(runs, subjects) {
  const total = runs * subjects.length;
  let index = 0;
  for (let run = 0; run < runs; run++) {
    for (const subject of subjects) yield { run, subject, index: index++, total };
  }
}
