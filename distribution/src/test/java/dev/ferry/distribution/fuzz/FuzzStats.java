package dev.ferry.distribution.fuzz;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.protocol.ApiKeys;

/** What the fuzzing clients did and saw, shared by all of them. */
final class FuzzStats {

    private final Map<Mutation, LongAdder> sentByMutation = new EnumMap<>(Mutation.class);
    private final Map<ApiKeys, LongAdder> sentByApi = new EnumMap<>(ApiKeys.class);
    final LongAdder responses = new LongAdder();
    final LongAdder errorResponses = new LongAdder();
    final LongAdder unparsableResponses = new LongAdder();
    final LongAdder connections = new LongAdder();
    final LongAdder closedByBroker = new LongAdder();
    final LongAdder hungUpAfterSilence = new LongAdder();

    FuzzStats() {
        for (Mutation mutation : Mutation.values()) {
            sentByMutation.put(mutation, new LongAdder());
        }
        for (ApiKeys apiKey : ApiKeys.values()) {
            sentByApi.put(apiKey, new LongAdder());
        }
    }

    void sent(SeedRequests.Seed seed, Mutation mutation) {
        sentByMutation.get(mutation).increment();
        sentByApi.get(seed.apiKey()).increment();
    }

    long total() {
        return sentByMutation.values().stream().mapToLong(LongAdder::sum).sum();
    }

    String report() {
        StringBuilder report = new StringBuilder();
        report.append(String.format("frames sent: %d%n", total()));
        sentByMutation.forEach((mutation, count) ->
                report.append(String.format("  %-24s %8d%n", mutation, count.sum())));
        report.append("frames by the API of the valid request they came from:\n");
        sentByApi.forEach((api, count) -> {
            if (count.sum() > 0) {
                report.append(String.format("  %-28s %8d%n", api.name, count.sum()));
            }
        });
        report.append(String.format("responses received: %d (with an error code: %d; not matched to the request they"
                        + " answer, as after a flipped header: %d)%n", responses.sum(), errorResponses.sum(),
                unparsableResponses.sum()));
        report.append(String.format("connections opened: %d, closed by the broker: %d, closed by the client after"
                + " silences in a row: %d%n", connections.sum(), closedByBroker.sum(), hungUpAfterSilence.sum()));
        return report.toString();
    }
}
