// Running independent cases a few at a time, to keep the suite fast on 2 cores.

/** Runs fn over items with at most `limit` in flight; rejects with the first failure. */
export async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      await fn(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** tap options for a subtest that runs beside others (t.jobs): a fresh object each time, as tap writes into it. */
export const parallel = () => ({ buffered: true })
