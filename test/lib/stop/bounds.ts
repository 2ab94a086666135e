// Timing bounds shared by the stop-sequence tests.

/** The init times steps from handling the signal, the test from before kill(2), with Node's loop
 * time cached a few ms earlier (tcp_info counts jiffies): a step may look this "early". */
export const CLOCK_SLACK_MS = 50

/** The --drain-until-idle time the tests use. */
export const IDLE_MS = 1000

/** The init's longest wait between reads of the socket table (pollMs for a 1 s idle time). */
export const POLL_MS = 250
