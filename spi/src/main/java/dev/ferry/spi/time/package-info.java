/**
 * The broker's one clock and scheduler, which the kernel uses and hands to plugins through their contexts, so that
 * every timed behaviour (retention, flushes, session and transaction timeouts, delayed fetches) can run on a
 * hand-moved clock in tests.
 */
package dev.ferry.spi.time;
