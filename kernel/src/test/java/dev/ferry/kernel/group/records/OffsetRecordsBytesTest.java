package dev.ferry.kernel.group.records;

import static dev.ferry.kernel.group.records.Examples.ORDERS_1;
import static dev.ferry.kernel.group.records.Examples.TOPIC_IDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.ProducerIdAndEpoch;
import dev.ferry.spi.group.CommittedOffset;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The offset records come out byte for byte as {@code group.offsets.OffsetRecords} has written them so far, so that
 * moving the offsets to this package changes nothing on disk. That class is package-private, hence the reflection;
 * this test goes with it.
 */
class OffsetRecordsBytesTest {

    private static final GroupRecordSerde SERDE = new GroupRecordSerde(TOPIC_IDS);
    private static final String OFFSETS = "dev.ferry.kernel.group.offsets.";

    static Stream<Arguments> oursAndOffsetRecords() throws ReflectiveOperationException {
        CommittedOffset offset = new CommittedOffset(42, 7, "checkpoint", 1_700_000_000_000L);
        CommittedOffset noMetadata = new CommittedOffset(43, -1, null, 1_700_000_000_001L);
        return Stream.of(
                Arguments.of(new GroupRecord.OffsetCommit("billing", ORDERS_1, offset),
                        offsetRecord("Commit", "billing", ORDERS_1, offset)),
                Arguments.of(new GroupRecord.OffsetCommit("billing", ORDERS_1, noMetadata),
                        offsetRecord("Commit", "billing", ORDERS_1, noMetadata)),
                Arguments.of(new GroupRecord.OffsetTombstone("billing", ORDERS_1),
                        offsetRecord("OffsetTombstone", "billing", ORDERS_1)),
                Arguments.of(new GroupRecord.GroupTombstone("billing"), offsetRecord("GroupTombstone", "billing")));
    }

    @ParameterizedTest
    @MethodSource("oursAndOffsetRecords")
    void anOffsetRecordIsWrittenAsOffsetRecordsWritesIt(GroupRecord ours, Object offsetRecord)
            throws ReflectiveOperationException {
        assertEquals(offsetRecords("key", offsetRecord), SERDE.key(ours));
        assertEquals(offsetRecords("value", offsetRecord), SERDE.value(ours));
    }

    @ParameterizedTest
    @MethodSource("producers")
    void aBatchIsWrittenAsOffsetRecordsWritesIt(ProducerIdAndEpoch producer) throws ReflectiveOperationException {
        // Given
        List<GroupRecord> ours = oursAndOffsetRecords().map(arguments -> (GroupRecord) arguments.get()[0]).toList();
        List<Object> offsetRecords = oursAndOffsetRecords().map(arguments -> arguments.get()[1]).toList();
        Method batch = Class.forName(OFFSETS + "OffsetRecords")
                .getDeclaredMethod("batch", List.class, long.class, ProducerIdAndEpoch.class);
        batch.setAccessible(true);

        // When
        ByteBuffer written = SERDE.batch(ours, 1234L, producer);

        // Then
        assertEquals(batch.invoke(null, offsetRecords, 1234L, producer), written);
    }

    static Stream<ProducerIdAndEpoch> producers() {
        return Stream.of(ProducerIdAndEpoch.NONE, new ProducerIdAndEpoch(4000, (short) 3));
    }

    private static Object offsetRecord(String variant, Object... fields) throws ReflectiveOperationException {
        Class<?>[] types = Stream.of(fields)
                .map(field -> field instanceof TopicPartition ? TopicPartition.class : field.getClass())
                .toArray(Class<?>[]::new);
        Constructor<?> constructor = Class.forName(OFFSETS + "OffsetRecord$" + variant).getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(fields);
    }

    private static ByteBuffer offsetRecords(String method, Object offsetRecord) throws ReflectiveOperationException {
        Method encode = Class.forName(OFFSETS + "OffsetRecords")
                .getDeclaredMethod(method, Class.forName(OFFSETS + "OffsetRecord"));
        encode.setAccessible(true);
        return (ByteBuffer) encode.invoke(null, offsetRecord);
    }
}
