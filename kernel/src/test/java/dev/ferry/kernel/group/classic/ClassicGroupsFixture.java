package dev.ferry.kernel.group.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.kernel.time.ManualTimer;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.group.GroupProtocol;
import dev.ferry.spi.group.JoinGroup;
import dev.ferry.spi.group.JoinGroupResult;
import dev.ferry.spi.group.SyncGroup;
import dev.ferry.spi.group.SyncGroupResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Classic groups on a hand-driven clock, with requests as a Java consumer would send them. */
final class ClassicGroupsFixture {

    static final String GROUP = "group";
    static final int INITIAL_DELAY_MS = 3_000;
    static final int SESSION_TIMEOUT_MS = 10_000;
    static final int REBALANCE_TIMEOUT_MS = 20_000;

    final ManualTimer timer = new ManualTimer();
    final ClassicGroups groups;

    ClassicGroupsFixture() {
        this(100);
    }

    ClassicGroupsFixture(int maxSize) {
        groups = new ClassicGroups(new ClassicGroupConfig(INITIAL_DELAY_MS, 1_000, 60_000, maxSize, 300_000), timer);
    }

    static JoinGroup request(String memberId, String clientId) {
        return request(memberId, clientId, Optional.empty(), protocols("range"));
    }

    static JoinGroup request(String memberId, String clientId, Optional<String> instanceId,
                             List<GroupProtocol> protocols) {
        return new JoinGroup(GROUP, memberId, instanceId, "consumer", protocols, SESSION_TIMEOUT_MS,
                REBALANCE_TIMEOUT_MS, clientId, "/127.0.0.1", false);
    }

    /** Protocols by name, each with its name as metadata. */
    static List<GroupProtocol> protocols(String... names) {
        List<GroupProtocol> protocols = new ArrayList<>();
        for (String name : names) {
            protocols.add(new GroupProtocol(name, name.getBytes(StandardCharsets.UTF_8)));
        }
        return protocols;
    }

    /**
     * Ends the first rebalance of members that all joined the empty group at the same moment: the second member's
     * join extends the initial delay once.
     */
    void endInitialRebalance() {
        timer.advance(2L * INITIAL_DELAY_MS);
    }

    CompletableFuture<JoinGroupResult> join(String memberId, String clientId) {
        return groups.join(request(memberId, clientId));
    }

    CompletableFuture<SyncGroupResult> sync(String memberId, int generationId, Map<String, byte[]> assignments) {
        return groups.sync(new SyncGroup(GROUP, generationId, memberId, Optional.empty(), Optional.of("consumer"),
                Optional.empty(), assignments));
    }

    BrokerError heartbeat(String memberId, int generationId) {
        return groups.heartbeat(GROUP, memberId, Optional.empty(), generationId);
    }

    String state() {
        return groups.describe(GROUP).orElseThrow().state();
    }

    /**
     * Brings new members to a Stable generation: all join, the initial delay passes, the leader assigns each its
     * client id and every member syncs.
     *
     * @return the members' join results, in join order
     */
    List<JoinGroupResult> stableGroup(String... clientIds) {
        List<CompletableFuture<JoinGroupResult>> joins = new ArrayList<>();
        for (String clientId : clientIds) {
            joins.add(join("", clientId));
        }
        endInitialRebalance();
        List<JoinGroupResult> joined = joins.stream().map(ClassicGroupsFixture::done).toList();
        syncAll(joined, clientIds);
        return joined;
    }

    /** Every member syncs, followers first; the leader assigns each member its client id. */
    void syncAll(List<JoinGroupResult> joined, String... clientIds) {
        JoinGroupResult leader = joined.stream().filter(result -> result.memberId().equals(result.leaderId()))
                .findFirst().orElseThrow();
        Map<String, byte[]> assignments = new HashMap<>();
        for (int i = 0; i < joined.size(); i++) {
            assignments.put(joined.get(i).memberId(), clientIds[i].getBytes(StandardCharsets.UTF_8));
        }
        List<CompletableFuture<SyncGroupResult>> syncs = new ArrayList<>();
        for (JoinGroupResult member : joined) {
            if (member != leader) {
                syncs.add(sync(member.memberId(), member.generationId(), Map.of()));
            }
        }
        syncs.add(sync(leader.memberId(), leader.generationId(), assignments));
        syncs.forEach(sync -> assertEquals(BrokerError.NONE, done(sync).error()));
        assertEquals("Stable", state());
    }

    /** The value of a future that must be complete by now. */
    static <T> T done(CompletableFuture<T> future) {
        assertTrue(future.isDone(), "completed");
        return future.join();
    }

    static void assertWaiting(CompletableFuture<?> future) {
        assertFalse(future.isDone(), "still waiting");
    }
}
