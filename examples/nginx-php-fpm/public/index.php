<?php
// The app: a page that takes a while to compute, as real pages do (?ms=N, at most 5000).
// Busy-waits on the clock: a signal does not cut it short (usleep() returns early on one).
$ms = min(max((int) ($_GET['ms'] ?? 0), 0), 5000);
$start = microtime(true);
while (($left = $start + $ms / 1000 - microtime(true)) > 0) {
    usleep((int) min($left * 1e6, 50000));
}
header('Content-Type: text/plain');
printf("hello from php-fpm %d after %d ms\n", getmypid(), round((microtime(true) - $start) * 1000));
