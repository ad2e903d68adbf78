package dev.ferry.plugin.protocol.kafka.network;

import dev.ferry.plugin.protocol.kafka.api.KafkaApi;
import dev.ferry.plugin.protocol.kafka.api.KafkaApis;
import dev.ferry.plugin.protocol.kafka.api.KafkaErrors;
import dev.ferry.plugin.protocol.kafka.api.RequestContext;
import dev.ferry.plugin.protocol.kafka.api.RequestTime;
import dev.ferry.services.quota.RequestTimeQuota;
import dev.ferry.spi.protocol.Listener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.FileRegion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the request frames of one connection: parses each with kafka-clients, hands it to its {@link KafkaApi}
 * and writes the responses back in request order. A request it cannot understand closes the connection. The time spent
 * on each request is charged to its client's {@code request_percentage}, except for the inter-broker APIs Kafka
 * exempts (cluster actions).
 */
public final class KafkaRequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(KafkaRequestHandler.class);

    /** Clients pipeline up to 5 requests by default; past this many unanswered ones the connection stops reading. */
    static final int MAX_PENDING_REQUESTS = 16;

    private final KafkaApis apis;
    private final Listener listener;
    private final RequestGate gate;
    private final RequestTimeQuota requestTime;
    private final Runnable wakeOnOpenGate = () -> this.ctx.executor().execute(this::updateReading);
    private ChannelHandlerContext ctx;
    private ResponseQueue<PendingResponse> responses;
    private boolean closing;
    private long unsentRegionBytes;
    /** This connection's requests counted in the gate; released when answered, or all at once on close. */
    private int heldInGate;
    /** Until when (System.nanoTime) a client over its quota is not read from, as Kafka mutes its channel. */
    private long throttledUntilNanos;
    private boolean throttled;

    KafkaRequestHandler(KafkaApis apis, Listener listener, RequestGate gate, RequestTimeQuota requestTime) {
        this.apis = apis;
        this.listener = listener;
        this.gate = gate;
        this.requestTime = requestTime;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.responses = new ResponseQueue<>(this::write);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuffer frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!closing) {
            serve(frame);
        }
    }

    private void serve(ByteBuffer frame) {
        long startNanos = System.nanoTime();
        RequestHeader header;
        try {
            header = RequestHeader.parse(frame);
        } catch (RuntimeException e) {
            close("unparsable request header: " + e.getMessage());
            return;
        }
        ApiKeys apiKey = header.apiKey();
        short version = header.apiVersion();
        KafkaApi api = apis.api(apiKey);
        if (api == null) {
            close("unsupported API " + apiKey.name + " (key " + apiKey.id + ")");
            return;
        }
        if (version < api.minVersion() || version > api.maxVersion()) {
            if (apiKey == ApiKeys.API_VERSIONS) {
                // As Kafka does: the body of an unknown version cannot be read, and a v0 answer listing what is
                // supported is one every client can read.
                respond(header, (short) 0, null, null,
                        CompletableFuture.completedFuture(apis.unsupportedApiVersions()));
            } else {
                close(apiKey.name + " v" + version + " is not supported");
            }
            return;
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(apiKey, version, new ByteBufferAccessor(frame)).request;
        } catch (RuntimeException e) {
            close("unparsable " + apiKey.name + " v" + version + " request: " + e);
            return;
        }
        RequestContext context = new RequestContext(header, listener, ctx.channel().remoteAddress());
        RequestTime time = apiKey.clusterAction ? null : RequestTime.of(requestTime, context);
        CompletableFuture<AbstractResponse> response;
        try {
            response = time == null ? api.handle(context, request) : time.handle(startNanos,
                    () -> api.handle(context, request));
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        respond(header, version, request, time, response);
    }

    /**
     * @param time the request's handling time, charged to its client when the response is ready; null when exempt
     */
    private void respond(RequestHeader header, short version, AbstractRequest request, RequestTime time,
                         CompletableFuture<AbstractResponse> response) {
        ResponseQueue.Slot<PendingResponse> slot = responses.reserve();
        boolean counted = RequestGate.counts(header.apiKey());
        if (counted) {
            gate.requestRead();
            heldInGate++;
        }
        updateReading();
        EventExecutor eventLoop = ctx.executor();
        response.whenComplete((result, failure) -> {
            if (eventLoop.inEventLoop()) {
                completed(slot, counted, header, version, request, time, result, failure);
            } else {
                eventLoop.execute(() -> completed(slot, counted, header, version, request, time, result, failure));
            }
        });
    }

    private void completed(ResponseQueue.Slot<PendingResponse> slot, boolean counted, RequestHeader header,
                           short version, AbstractRequest request, RequestTime time, AbstractResponse result,
                           Throwable failure) {
        if (counted && heldInGate > 0) {
            heldInGate--;
            gate.requestsAnswered(1);
        }
        try {
            AbstractResponse response = failure == null ? result
                    : request.getErrorResponse(0, KafkaErrors.toApiException(failure));
            // As Kafka: a response carries the longest of the throttle times of its quotas (a request without one,
            // Produce with acks=0, is not charged).
            int requestThrottleMs = time == null || response == null ? 0 : time.answer();
            if (requestThrottleMs > 0 && requestThrottleMs > response.throttleTimeMs()) {
                response.maybeSetThrottleTimeMs(requestThrottleMs);
            }
            // A null response is a request that gets none: Produce with acks=0.
            PendingResponse pending = response == null ? null
                    : new PendingResponse(header.toResponseHeader(), version, response);
            if (responses.complete(slot, pending) > 0) {
                ctx.flush();
            }
            if (response != null && response.throttleTimeMs() > 0) {
                throttle(response.throttleTimeMs());
            }
            updateReading();
        } catch (RuntimeException e) {
            log.error("Cannot answer {} v{} from {}; closing the connection", header.apiKey().name, version,
                    ctx.channel().remoteAddress(), e);
            closing = true;
            ctx.close();
        }
    }

    /**
     * A response telling its client to wait (it went over a quota) also stops reading from the connection for that
     * long (KIP-219), so that a client ignoring the throttle time cannot go on.
     */
    private void throttle(int throttleTimeMs) {
        throttledUntilNanos = Math.max(throttledUntilNanos,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(throttleTimeMs));
        throttled = true;
        ctx.executor().schedule(() -> {
            if (throttled && System.nanoTime() - throttledUntilNanos >= 0) {
                throttled = false;
                updateReading();
            }
        }, throttleTimeMs, TimeUnit.MILLISECONDS);
    }

    private void write(PendingResponse pending) {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        Object encoded;
        try {
            // SslHandler refuses FileRegions.
            boolean zeroCopy = ctx.pipeline().get(SslHandler.class) == null;
            encoded = ResponseEncoder.encode(pending.response(), pending.header(), pending.version(), ctx.alloc(),
                    zeroCopy);
        } catch (RuntimeException e) {
            log.error("Cannot encode a {} v{} response for {}; closing the connection",
                    pending.response().apiKey().name, pending.version(), ctx.channel().remoteAddress(), e);
            closing = true;
            ctx.close();
            return;
        }
        if (encoded instanceof FileRegion region) {
            writeRegion(region);
        } else {
            ctx.write(encoded);
        }
    }

    /**
     * Netty counts a FileRegion as zero bytes towards the channel's writability, so the bytes of unsent regions are
     * counted here to stop reading from a client that does not take its fetch responses.
     */
    private void writeRegion(FileRegion region) {
        long size = region.count();
        unsentRegionBytes += size;
        ctx.write(region).addListener(written -> {
            unsentRegionBytes -= size;
            if (!written.isSuccess() && !closing) {
                log.debug("Cannot send a fetch response to {}", ctx.channel().remoteAddress(), written.cause());
            }
            updateReading();
        });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading();
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * Reads requests only while few are unanswered, on this connection and broker-wide, and the client takes its
     * responses, so that clients cannot pile up work or unsent responses in the broker.
     */
    private void updateReading() {
        boolean gateOpen = gate.isOpen();
        boolean read = !closing && !throttled && gateOpen && responses.size() < MAX_PENDING_REQUESTS
                && ctx.channel().isWritable()
                && unsentRegionBytes <= ctx.channel().config().getWriteBufferHighWaterMark();
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
        if (!closing && !gateOpen) {
            gate.awaitOpen(wakeOnOpenGate);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closing) {
            return;
        }
        if (cause instanceof IOException) {
            log.debug("Connection from {} failed", ctx.channel().remoteAddress(), cause);
            closing = true;
            ctx.close();
        } else {
            log.debug("Unexpected error on the connection from {}", ctx.channel().remoteAddress(), cause);
            close("unexpected error: " + cause);
        }
    }

    /** A connection silent for connections.max.idle.ms is closed quietly, as Kafka does. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            log.debug("Closing the connection from {}: idle for connections.max.idle.ms",
                    ctx.channel().remoteAddress());
            closing = true;
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        gate.requestsAnswered(heldInGate);
        heldInGate = 0;
        ctx.fireChannelInactive();
    }

    private void close(String reason) {
        if (!closing) {
            closing = true;
            ConnectionLog.closing(ctx.channel(), reason);
            ctx.close();
        }
    }

    private record PendingResponse(ResponseHeader header, short version, AbstractResponse response) {
    }
}
