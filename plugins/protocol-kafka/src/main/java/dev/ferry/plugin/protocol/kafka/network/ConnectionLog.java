package dev.ferry.plugin.protocol.kafka.network;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one line logged when the broker closes a misbehaving client's connection, limited to a few lines a second
 * so that a client reconnecting in a loop cannot flood the log.
 */
final class ConnectionLog {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLog.class);
    private static final int LINES_PER_SECOND = 10;

    private static long windowStartMs;
    private static int linesInWindow;
    private static int suppressed;

    private ConnectionLog() {
    }

    static void closing(Channel channel, String reason) {
        int dropped;
        synchronized (ConnectionLog.class) {
            long now = System.currentTimeMillis();
            if (now - windowStartMs >= 1000) {
                windowStartMs = now;
                linesInWindow = 0;
            }
            if (++linesInWindow > LINES_PER_SECOND) {
                suppressed++;
                return;
            }
            dropped = suppressed;
            suppressed = 0;
        }
        if (dropped > 0) {
            log.info("Closing connection from {}: {} ({} similar lines suppressed)", channel.remoteAddress(), reason,
                    dropped);
        } else {
            log.info("Closing connection from {}: {}", channel.remoteAddress(), reason);
        }
    }
}
