package dev.ferry.coordinator.group.consumer;

import dev.ferry.coordinator.group.time.GroupTimer;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kind of timeout (session or rebalance) for each member of a group: scheduling one for a member replaces the
 * one it had. An expiry runs only if its timeout was neither replaced nor cancelled meanwhile.
 */
final class MemberTimeouts {

    private static final Logger LOG = LoggerFactory.getLogger(MemberTimeouts.class);

    private final GroupTimer timer;
    private final Map<String, Pending> pending = new HashMap<>();

    MemberTimeouts(GroupTimer timer) {
        this.timer = timer;
    }

    void schedule(String memberId, long delayMs, Runnable onExpiry) {
        cancel(memberId);
        Pending timeout = new Pending();
        pending.put(memberId, timeout);
        timeout.scheduled = timer.schedule(delayMs, () -> expire(memberId, timeout, onExpiry));
    }

    void cancel(String memberId) {
        Pending timeout = pending.remove(memberId);
        if (timeout != null) {
            timeout.scheduled.cancel();
        }
    }

    void cancelAll() {
        pending.values().forEach(timeout -> timeout.scheduled.cancel());
        pending.clear();
    }

    private void expire(String memberId, Pending timeout, Runnable onExpiry) {
        if (!pending.remove(memberId, timeout)) {
            return;
        }
        try {
            onExpiry.run();
        } catch (RuntimeException e) {
            LOG.error("A timeout of group member {} failed", memberId, e);
        }
    }

    private static final class Pending {
        private GroupTimer.Timeout scheduled;
    }
}
