package dev.ferry.coordinator.group.records;

import dev.ferry.services.group.CommittedOffset;
import dev.ferry.spi.TopicPartition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** One record of each variant, over two topics the cluster knows by id, for the tests of this package. */
final class Examples {

    static final UUID ORDERS_ID = UUID.fromString("0b6e5c1e-7d5a-4f0e-9a43-3c1f2a9d8e01");
    static final UUID PAYMENTS_ID = UUID.fromString("5f2d0c47-1b8e-4c3a-8f6b-9e7a1d2c3b02");
    static final TopicIds TOPIC_IDS = topicIds(Map.of("orders", ORDERS_ID, "payments", PAYMENTS_ID));

    static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    static final TopicPartition PAYMENTS_2 = new TopicPartition("payments", 2);

    static final GroupRecord.OffsetCommit OFFSET_COMMIT = new GroupRecord.OffsetCommit("billing", ORDERS_1,
            new CommittedOffset(42, 7, "checkpoint", 1_700_000_000_000L));
    static final GroupRecord.ClassicGroup CLASSIC_GROUP = new GroupRecord.ClassicGroup("billing", "consumer", 4,
            Optional.of("range"), Optional.of("member-1"), 1_700_000_000_123L, List.of(
                    new GroupRecord.ClassicGroup.Member("member-1", Optional.of("instance-1"), "client-1",
                            "/10.0.0.1", 300_000, 45_000, new byte[] {0, 1, 2}, new byte[] {3, 4}),
                    new GroupRecord.ClassicGroup.Member("member-2", Optional.empty(), "client-2", "/10.0.0.2",
                            300_000, 45_000, new byte[] {5}, new byte[0])));
    static final GroupRecord.ConsumerGroupEpoch EPOCH = new GroupRecord.ConsumerGroupEpoch("shipping", 7, 987_654L);
    static final GroupRecord.ConsumerGroupMember MEMBER = new GroupRecord.ConsumerGroupMember("shipping",
            "member-a", Optional.of("instance-a"), Optional.of("rack-1"), "client-a", "/10.0.0.3",
            List.of("orders", "payments"), Optional.empty(), Optional.of("uniform"), 300_000);
    static final GroupRecord.ConsumerGroupTargetEpoch TARGET_EPOCH =
            new GroupRecord.ConsumerGroupTargetEpoch("shipping", 7);
    static final GroupRecord.ConsumerGroupTargetMember TARGET_MEMBER = new GroupRecord.ConsumerGroupTargetMember(
            "shipping", "member-a", Set.of(PAYMENTS_2, ORDERS_1, ORDERS_0));
    static final GroupRecord.ConsumerGroupCurrentAssignment CURRENT_ASSIGNMENT =
            new GroupRecord.ConsumerGroupCurrentAssignment("shipping", "member-a", 7, 6, (byte) 1,
                    Set.of(ORDERS_0, PAYMENTS_2), Set.of(ORDERS_1));

    private Examples() {
    }

    static List<GroupRecord> everyVariant() {
        return List.of(
                OFFSET_COMMIT,
                new GroupRecord.OffsetTombstone("billing", ORDERS_1),
                CLASSIC_GROUP,
                new GroupRecord.GroupTombstone("billing"),
                EPOCH,
                new GroupRecord.ConsumerGroupEpochTombstone("shipping"),
                MEMBER,
                new GroupRecord.ConsumerGroupMemberTombstone("shipping", "member-a"),
                TARGET_EPOCH,
                new GroupRecord.ConsumerGroupTargetEpochTombstone("shipping"),
                TARGET_MEMBER,
                new GroupRecord.ConsumerGroupTargetMemberTombstone("shipping", "member-a"),
                CURRENT_ASSIGNMENT,
                new GroupRecord.ConsumerGroupCurrentAssignmentTombstone("shipping", "member-a"));
    }

    static TopicIds topicIds(Map<String, UUID> ids) {
        Map<UUID, String> names = new HashMap<>();
        ids.forEach((name, id) -> names.put(id, name));
        return new TopicIds() {
            @Override
            public Optional<UUID> id(String topic) {
                return Optional.ofNullable(ids.get(topic));
            }

            @Override
            public Optional<String> name(UUID topicId) {
                return Optional.ofNullable(names.get(topicId));
            }
        };
    }
}
