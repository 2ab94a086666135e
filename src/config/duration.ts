// Durations on the command line: `500ms`, `5s`, `2m`, `1m30s`, `1.5s`, `0`. A bare number other
// than 0 is refused: is `30` seconds or milliseconds? Kubernetes says seconds, Node says ms.

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

/** Milliseconds for a duration, or a reason it is not one. */
export function parseDuration(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return `a bare number is ambiguous: write ${trimmed}s or ${trimmed}ms`;
  PART.lastIndex = 0;
  let total = 0;
  let end = 0;
  for (let match = PART.exec(trimmed); match; match = PART.exec(trimmed)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    end = PART.lastIndex;
  }
  if (end === 0 || end !== trimmed.length) return 'expected a duration like 500ms, 5s, 2m or 1m30s';
  return Math.round(total);
}

/** `1500` → `1.5s`, for messages. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms % 1000 !== 0) return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
  return `${ms / 1000}s`;
}
