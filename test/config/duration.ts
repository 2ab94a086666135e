import t from 'tap';
import { formatDuration, parseDuration } from '../../src/config/duration.js';

const good: Array<[string, number]> = [
  ['0', 0], ['500ms', 500], ['5s', 5000], ['1.5s', 1500], ['2m', 120_000], ['1m30s', 90_000], ['1h', 3_600_000], [' 2s ', 2000],
];
for (const [text, ms] of good) t.equal(parseDuration(text), ms, `${JSON.stringify(text)} is ${ms} ms`);

const bad = ['5', '30', '1.5', '5x', '-1s', 's', '', '1s2', '1 s', 'ms'];
for (const text of bad) t.type(parseDuration(text), 'string', `${JSON.stringify(text)} is refused with a reason`);

t.match(parseDuration('30') as string, /30s or 30ms/, 'a bare number suggests both units');
t.equal(formatDuration(1500), '1.5s');
t.equal(formatDuration(250), '250ms');
t.equal(formatDuration(0), '0s');
