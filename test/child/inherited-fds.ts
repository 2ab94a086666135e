import t from 'tap';
import { pickInherited } from '../../src/child/inherited-fds.js';

const nodeOwn = [
  { fd: 4, target: 'anon_inode:[eventpoll]', mode: 2 },
  { fd: 6, target: 'pipe:[100]', mode: 0 },
  { fd: 8, target: 'pipe:[100]', mode: 1 },
  { fd: 9, target: 'anon_inode:[eventfd]', mode: 2 },
  { fd: 11, target: 'anon_inode:[io_uring]', mode: 2 },
];
const stdio = [
  { fd: 0, target: '/dev/null', mode: 0 },
  { fd: 1, target: 'pipe:[7]', mode: 1 },
  { fd: 2, target: 'pipe:[7]', mode: 1 },
];

t.same(pickInherited([...stdio, ...nodeOwn]), [], "Node's own descriptors are not passed");
t.same(
  pickInherited([...stdio, ...nodeOwn, { fd: 3, target: '/etc/hostname', mode: 0 }, { fd: 5, target: 'socket:[55]', mode: 2 }]),
  [3, 5],
  'a file and a socket with a hole between them keep their numbers',
);
t.same(pickInherited([...stdio, { fd: 7, target: 'pipe:[7]', mode: 1 }, ...nodeOwn]), [7], 'a pipe with one end here is inherited (3>&1)');
t.same(pickInherited([{ fd: 12, target: '/tmp/x', mode: 1 }, { fd: 3, target: 'pipe:[9]', mode: 0 }]), [3, 12], 'in order');
