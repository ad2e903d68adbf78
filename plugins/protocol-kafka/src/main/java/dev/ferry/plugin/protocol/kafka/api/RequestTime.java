package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.quota.RequestTimeQuota;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The time the broker spends on one request, charged to its client's {@code request_percentage} (KIP-124): the
 * event loop's time in the API's handler and the admin thread's time in the tasks the handler submits. What is
 * counted before the response is recorded with the quota checked and throttles that response; what the admin thread
 * counts after it is recorded unchecked, for the client's next requests, as Kafka records network thread time.
 */
public final class RequestTime {

    /** No quota at all: a broker without client quotas (protocol tests). */
    public static final RequestTimeQuota NO_QUOTA = new RequestTimeQuota() {
        @Override
        public long record(String user, String clientId, long nanos, long nowMs) {
            return 0;
        }

        @Override
        public void recordNoThrottle(String user, String clientId, long nanos, long nowMs) {
        }
    };

    private static final ThreadLocal<RequestTime> HANDLING = new ThreadLocal<>();
    /** The value of {@link #nanos} once the response has taken its time. */
    private static final long ANSWERED = Long.MIN_VALUE;

    private final RequestTimeQuota quota;
    private final String user;
    private final String clientId;
    private final AtomicLong nanos = new AtomicLong();

    private RequestTime(RequestTimeQuota quota, String user, String clientId) {
        this.quota = quota;
        this.user = user;
        this.clientId = clientId;
    }

    /** The time of a request from that client. */
    public static RequestTime of(RequestTimeQuota quota, RequestContext context) {
        return new RequestTime(quota, QuotaUser.of(context), context.clientId());
    }

    /**
     * Wraps the executor the APIs run their disk work on: a task submitted while a request is being handled is
     * charged to that request.
     */
    static Executor charging(Executor executor) {
        return task -> {
            RequestTime handling = HANDLING.get();
            executor.execute(handling == null ? task : () -> {
                long start = System.nanoTime();
                try {
                    task.run();
                } finally {
                    handling.add(System.nanoTime() - start);
                }
            });
        };
    }

    /**
     * Runs an API's handler on this thread, counting its time and charging the tasks it submits to this request.
     *
     * @param startNanos when the request's frame was taken up ({@link System#nanoTime}): its parsing counts too
     */
    public <T> T handle(long startNanos, Supplier<T> handler) {
        HANDLING.set(this);
        try {
            return handler.get();
        } finally {
            HANDLING.remove();
            add(System.nanoTime() - startNanos);
        }
    }

    /**
     * Records the time counted so far, as the response goes out.
     *
     * @return how long the client must wait for its request_percentage; 0 when within it
     */
    public int answer() {
        long counted = nanos.getAndSet(ANSWERED);
        if (counted == ANSWERED) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, quota.record(user, clientId, counted, System.currentTimeMillis()));
    }

    private void add(long elapsed) {
        while (true) {
            long counted = nanos.get();
            if (counted == ANSWERED) {
                quota.recordNoThrottle(user, clientId, elapsed, System.currentTimeMillis());
                return;
            }
            if (nanos.compareAndSet(counted, counted + elapsed)) {
                return;
            }
        }
    }
}
