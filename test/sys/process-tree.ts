// /proc/PID/stat parsing and the child's process tree on this machine's own /proc.
import t from 'tap';
import { spawn } from 'node:child_process';
import { parseStat, processTree } from '../../src/sys/process-tree.js';

t.test('a comm with spaces and parentheses does not shift the fields', async (t) => {
  t.same(parseStat('4242 (a) b (c)) S 17 4242 4242 0 -1 4194560'), { pid: 4242, ppid: 17, sid: 4242 });
  t.equal(parseStat('garbage'), undefined);
});

t.test('the tree holds the root and its descendants, not its parent', async (t) => {
  const pid = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore', detached: true }).pid!;
  t.teardown(() => process.kill(-pid, 'SIGKILL'));
  let tree = processTree(pid, false);
  for (let i = 0; i < 200 && tree.size < 2; i++) {
    await new Promise((r) => setTimeout(r, 10)); // until sh has forked sleep
    tree = processTree(pid, false);
  }
  t.ok(tree.has(pid), 'the root');
  t.equal(tree.size, 2, 'and sleep');
  t.notOk(tree.has(process.pid), 'not the test process');
});
