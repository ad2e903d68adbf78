package dev.ferry.coordinator.group.classic;

import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.services.group.GroupProtocol;
import dev.ferry.services.group.JoinGroupResult;
import dev.ferry.services.group.SyncGroupResult;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A member of a classic group. */
final class ClassicMember {

    static final byte[] NO_ASSIGNMENT = new byte[0];

    private final String memberId;
    private final Optional<String> groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private final String protocolType;
    private List<GroupProtocol> protocols;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private byte[] assignment = NO_ASSIGNMENT;
    private CompletableFuture<JoinGroupResult> awaitingJoin;
    private CompletableFuture<SyncGroupResult> awaitingSync;
    /** Joined but not yet part of a generation: its first join may time out. */
    private boolean isNew;

    ClassicMember(String memberId, Optional<String> groupInstanceId, String clientId, String clientHost,
                  String protocolType, List<GroupProtocol> protocols, int rebalanceTimeoutMs, int sessionTimeoutMs) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.protocolType = protocolType;
        this.protocols = List.copyOf(protocols);
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    /**
     * A member as the log holds it: its metadata for the group's protocol alone (the only one it is known to
     * speak until it joins again) and its assignment.
     */
    static ClassicMember loaded(GroupRecord.ClassicGroup.Member stored, String protocolType, String protocolName) {
        ClassicMember member = new ClassicMember(stored.memberId(), stored.groupInstanceId(), stored.clientId(),
                stored.clientHost(), protocolType, List.of(new GroupProtocol(protocolName, stored.subscription())),
                stored.rebalanceTimeoutMs(), stored.sessionTimeoutMs());
        member.assignment = stored.assignment();
        return member;
    }

    /** The same member under the id a static member's new instance was given. */
    ClassicMember withMemberId(String newMemberId) {
        ClassicMember member = new ClassicMember(newMemberId, groupInstanceId, clientId, clientHost, protocolType,
                protocols, rebalanceTimeoutMs, sessionTimeoutMs);
        member.assignment = assignment;
        return member;
    }

    String memberId() {
        return memberId;
    }

    Optional<String> groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStatic() {
        return groupInstanceId.isPresent();
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    String protocolType() {
        return protocolType;
    }

    List<GroupProtocol> protocols() {
        return protocols;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    void update(List<GroupProtocol> protocols, int rebalanceTimeoutMs, int sessionTimeoutMs) {
        this.protocols = List.copyOf(protocols);
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    byte[] assignment() {
        return assignment;
    }

    void assignment(byte[] assignment) {
        this.assignment = assignment;
    }

    /** The member's metadata for a protocol it supports. */
    byte[] metadata(String protocolName) {
        return protocols.stream()
                .filter(protocol -> protocol.name().equals(protocolName))
                .findFirst()
                .map(GroupProtocol::metadata)
                .orElseThrow(() -> new IllegalStateException("Member " + memberId + " does not support protocol "
                        + protocolName));
    }

    /** Whether the member joins with the protocols, and metadata, it joined with before. */
    boolean matches(List<GroupProtocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!other.get(i).name().equals(protocols.get(i).name())
                    || !Arrays.equals(other.get(i).metadata(), protocols.get(i).metadata())) {
                return false;
            }
        }
        return true;
    }

    /** The member's most preferred protocol among the candidates. */
    String vote(Set<String> candidates) {
        return protocols.stream()
                .map(GroupProtocol::name)
                .filter(candidates::contains)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Member " + memberId + " supports none of "
                        + candidates));
    }

    CompletableFuture<JoinGroupResult> awaitingJoin() {
        return awaitingJoin;
    }

    void awaitingJoin(CompletableFuture<JoinGroupResult> future) {
        awaitingJoin = future;
    }

    boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    CompletableFuture<SyncGroupResult> awaitingSync() {
        return awaitingSync;
    }

    void awaitingSync(CompletableFuture<SyncGroupResult> future) {
        awaitingSync = future;
    }

    boolean isNew() {
        return isNew;
    }

    void isNew(boolean isNew) {
        this.isNew = isNew;
    }

    /**
     * Whether the member has done enough to stay when its heartbeat timer fires: a member waiting for a rebalance
     * needs no heartbeat, except a new one whose first join must not wait forever.
     */
    boolean hasSatisfiedHeartbeat() {
        return !isNew && (isAwaitingJoin() || awaitingSync != null);
    }
}
