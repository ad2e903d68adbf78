package dev.ferry.distribution.fuzz;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One fuzzing client: writes mutated frames on one connection at a time, opening a new one whenever the broker
 * closes it. After each frame it waits for that frame's response, the close, or {@link #SILENCE_MS} (a frame that
 * gets no answer: Produce with acks=0, a size prefix promising bytes still to come, a request queued behind a
 * Fetch whose mutated max wait is days), so that every frame counted reached a broker that was still reading,
 * rather than a socket buffer the broker discards on close. After a few silences in a row it hangs up itself.
 */
final class FuzzClient implements Runnable {

    private static final Mutation[] MUTATIONS = Mutation.values();
    private static final int SILENCE_MS = 20;
    private static final int SILENCES_BEFORE_HANGING_UP = 3;
    private static final int RESPONSE_TIMEOUT_MS = 30_000;

    private final int port;
    private final List<SeedRequests.Seed> seeds;
    private final Random random;
    private final FuzzStats stats;
    private final long quota;
    private int nextCorrelationId;

    FuzzClient(int port, List<SeedRequests.Seed> seeds, long seed, FuzzStats stats, long quota) {
        this.port = port;
        this.seeds = seeds;
        this.random = new Random(seed);
        this.stats = stats;
        this.quota = quota;
    }

    @Override
    public void run() {
        while (stats.total() < quota) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                stats.connections.increment();
                socket.setTcpNoDelay(true);
                serve(socket);
            } catch (EOFException | SocketException closed) {
                stats.closedByBroker.increment();
            } catch (IOException e) {
                throw new IllegalStateException("fuzz client failed", e);
            }
        }
    }

    /**
     * Sends frames until the quota is reached or the broker stays silent; throws when the broker closes the
     * connection.
     */
    private void serve(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        Map<Integer, RequestHeader> unanswered = new HashMap<>();
        int silences = 0;
        while (stats.total() < quota && silences < SILENCES_BEFORE_HANGING_UP) {
            SeedRequests.Seed seed = seeds.get(random.nextInt(seeds.size()));
            Mutation mutation = MUTATIONS[random.nextInt(MUTATIONS.length)];
            byte[] frame = seed.frame().clone();
            int correlationId = nextCorrelationId++;
            ByteBuffer.wrap(frame).putInt(4, correlationId);
            unanswered.put(correlationId, new RequestHeader(seed.apiKey(), seed.version(), "fuzz", correlationId));
            out.write(mutation.apply(frame, random));
            stats.sent(seed, mutation);
            boolean answered = true;
            while (answered && unanswered.containsKey(correlationId)) {
                // responses to earlier frames that were late are read on the way
                answered = readResponse(socket, in, unanswered);
            }
            silences = answered ? 0 : silences + 1;
        }
        if (silences == SILENCES_BEFORE_HANGING_UP) {
            stats.hungUpAfterSilence.increment();
        }
    }

    /** Reads one response; false when none started within {@link #SILENCE_MS}. */
    private boolean readResponse(Socket socket, DataInputStream in, Map<Integer, RequestHeader> unanswered)
            throws IOException {
        socket.setSoTimeout(SILENCE_MS);
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException silence) {
            return false;
        }
        if (first < 0) {
            throw new EOFException();
        }
        socket.setSoTimeout(RESPONSE_TIMEOUT_MS);
        byte[] rest = new byte[3];
        in.readFully(rest);
        byte[] response = new byte[ByteBuffer.wrap(new byte[] {(byte) first, rest[0], rest[1], rest[2]}).getInt()];
        in.readFully(response);
        stats.responses.increment();
        check(ByteBuffer.wrap(response), unanswered);
        return true;
    }

    /** Counts a response carrying an error code; one that cannot be matched to its request is counted apart. */
    private void check(ByteBuffer response, Map<Integer, RequestHeader> unanswered) {
        RequestHeader request = unanswered.remove(response.getInt(0));
        try {
            AbstractResponse parsed = AbstractResponse.parseResponse(response, request);
            if (parsed.errorCounts().keySet().stream().anyMatch(error -> error != Errors.NONE)) {
                stats.errorResponses.increment();
            }
        } catch (RuntimeException notParsable) {
            stats.unparsableResponses.increment();
        }
    }
}
