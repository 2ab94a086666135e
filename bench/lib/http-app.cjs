// A slow HTTP app for the drain-idle scenario: answers every request after DELAY ms (argv[2]),
// then closes the connection. Prints "ready PORT"; on SIGTERM stops accepting, finishes the
// requests in flight and exits 0 (what nginx does on QUIT). 127.0.0.1 only.
const http = require('node:http');

const delayMs = Number(process.argv[2] ?? 1000);
const server = http.createServer((req, res) => {
  req.resume();
  const timer = setTimeout(() => res.end('slow\n'), delayMs);
  res.on('close', () => clearTimeout(timer));
});
server.keepAliveTimeout = 0;
server.listen(0, '127.0.0.1', () => process.stdout.write(`ready ${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
