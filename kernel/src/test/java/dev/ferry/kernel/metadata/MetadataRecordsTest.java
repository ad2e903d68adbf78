package dev.ferry.kernel.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.services.quota.ClientQuotaEntity;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metadata.ClientQuotaRecord;
import org.apache.kafka.common.metadata.ConfigRecord;
import org.apache.kafka.common.metadata.FeatureLevelRecord;
import org.apache.kafka.common.metadata.ProducerIdsRecord;
import org.apache.kafka.common.metadata.PartitionRecord;
import org.apache.kafka.common.metadata.RemoveTopicRecord;
import org.apache.kafka.common.metadata.RemoveUserScramCredentialRecord;
import org.apache.kafka.common.metadata.TopicRecord;
import org.apache.kafka.common.metadata.UserScramCredentialRecord;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.metadata.MetadataRecordSerde;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.junit.jupiter.api.Test;

/** Our metadata records against Apache Kafka's own reader and writer of the KRaft metadata log (its 4.1 serde). */
class MetadataRecordsTest {

    private static final MetadataRecordSerde KAFKA = MetadataRecordSerde.INSTANCE;
    private static final UUID ID = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    private static final Uuid KAFKA_ID = new Uuid(ID.getMostSignificantBits(), ID.getLeastSignificantBits());

    @Test
    void kafkaReadsOurTopicRecord() {
        ApiMessageAndVersion read = kafkaRead(new MetadataRecord.Topic("orders", ID));

        assertEquals(new ApiMessageAndVersion(new TopicRecord().setName("orders").setTopicId(KAFKA_ID), (short) 0),
                read);
    }

    @Test
    void kafkaReadsOurPartitionRecordWithThisNodeLeading() {
        ApiMessageAndVersion read = kafkaRead(new MetadataRecord.Partition(ID, 4, List.of(7)));

        assertEquals(new ApiMessageAndVersion(new PartitionRecord().setPartitionId(4).setTopicId(KAFKA_ID)
                .setReplicas(List.of(7)).setIsr(List.of(7)).setRemovingReplicas(List.of())
                .setAddingReplicas(List.of()).setLeader(7).setLeaderEpoch(0).setPartitionEpoch(0), (short) 0), read);
    }

    @Test
    void kafkaReadsOurConfigRecordsOfTopicsAndBrokers() {
        ApiMessageAndVersion set = kafkaRead(new MetadataRecord.Config(MetadataRecord.TOPIC_RESOURCE, "orders",
                "retention.ms", "1000"));
        ApiMessageAndVersion deleted = kafkaRead(new MetadataRecord.Config(MetadataRecord.BROKER_RESOURCE, "",
                "log.retention.ms", null));

        assertEquals(new ConfigRecord().setResourceType((byte) 2).setResourceName("orders").setName("retention.ms")
                .setValue("1000"), set.message());
        assertEquals(new ConfigRecord().setResourceType((byte) 4).setResourceName("").setName("log.retention.ms")
                .setValue(null), deleted.message());
    }

    @Test
    void kafkaReadsOurRemoveTopicRecord() {
        ApiMessageAndVersion read = kafkaRead(new MetadataRecord.RemoveTopic(ID));

        assertEquals(new RemoveTopicRecord().setTopicId(KAFKA_ID), read.message());
    }

    @Test
    void weReadKafkasRecords() {
        ApiMessageAndVersion config = new ApiMessageAndVersion(new ConfigRecord().setResourceType((byte) 2)
                .setResourceName("orders").setName("cleanup.policy").setValue("compact"), (short) 0);
        ApiMessageAndVersion partition = new ApiMessageAndVersion(new PartitionRecord().setPartitionId(1)
                .setTopicId(KAFKA_ID).setReplicas(List.of(1)).setIsr(List.of(1)).setLeader(1), (short) 0);

        assertEquals(new MetadataRecord.Config(MetadataRecord.TOPIC_RESOURCE, "orders", "cleanup.policy", "compact"),
                MetadataRecords.decode(kafkaWrite(config)));
        assertEquals(new MetadataRecord.Partition(ID, 1, List.of(1)), MetadataRecords.decode(kafkaWrite(partition)));
    }

    @Test
    void garbageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MetadataRecords.decode(ByteBuffer.wrap(new byte[] {1, 2})));
        assertThrows(IllegalArgumentException.class, () -> MetadataRecords.decode(ByteBuffer.wrap(new byte[] {1, 99, 0})));
    }

    @Test
    void featureLevelRecordsGoBothWays() {
        ApiMessageAndVersion read = kafkaRead(new MetadataRecord.FeatureLevel("metadata.version", (short) 27));
        ApiMessageAndVersion kafkas = new ApiMessageAndVersion(new FeatureLevelRecord().setName("group.version")
                .setFeatureLevel((short) 1), (short) 0);

        assertEquals(new ApiMessageAndVersion(new FeatureLevelRecord().setName("metadata.version")
                .setFeatureLevel((short) 27), (short) 0), read);
        assertEquals(new MetadataRecord.FeatureLevel("group.version", (short) 1),
                MetadataRecords.decode(kafkaWrite(kafkas)));
    }

    @Test
    void producerIdsRecordsGoBothWays() {
        ApiMessageAndVersion read = kafkaRead(new MetadataRecord.ProducerIds(1, 2000));
        ApiMessageAndVersion kafkas = new ApiMessageAndVersion(new ProducerIdsRecord().setBrokerId(3)
                .setNextProducerId(5000), (short) 0);

        assertEquals(new ApiMessageAndVersion(new ProducerIdsRecord().setBrokerId(1).setNextProducerId(2000),
                (short) 0), read);
        assertEquals(new MetadataRecord.ProducerIds(3, 5000), MetadataRecords.decode(kafkaWrite(kafkas)));
    }

    private static ApiMessageAndVersion kafkaRead(MetadataRecord record) {
        ByteBuffer bytes = MetadataRecords.encode(record);
        return KAFKA.read(new ByteBufferAccessor(bytes), bytes.remaining());
    }

    private static ByteBuffer kafkaWrite(ApiMessageAndVersion record) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buffer = ByteBuffer.allocate(KAFKA.recordSize(record, cache));
        KAFKA.write(record, cache, new ByteBufferAccessor(buffer));
        return buffer.flip();
    }

    @Test
    void kafkaReadsOurClientQuotaRecordsAndWeReadKafkas() {
        Map<String, String> userDefaultAndClient = new HashMap<>();
        userDefaultAndClient.put("user", null);
        userDefaultAndClient.put("client-id", "app");
        MetadataRecord.ClientQuota ours = new MetadataRecord.ClientQuota(new ClientQuotaEntity(userDefaultAndClient),
                "producer_byte_rate", 51200, false);
        ClientQuotaRecord kafkas = new ClientQuotaRecord()
                .setEntity(List.of(new ClientQuotaRecord.EntityData().setEntityType("client-id").setEntityName("app"),
                        new ClientQuotaRecord.EntityData().setEntityType("user").setEntityName(null)))
                .setKey("producer_byte_rate").setValue(51200).setRemove(false);

        assertEquals(new ApiMessageAndVersion(kafkas, (short) 0), kafkaRead(ours));
        assertEquals(ours, MetadataRecords.decode(kafkaWrite(new ApiMessageAndVersion(kafkas, (short) 0))));
        MetadataRecord.ClientQuota removal = new MetadataRecord.ClientQuota(ClientQuotaEntity.of("ip", "10.0.0.1"),
                "connection_creation_rate", 0, true);
        assertEquals(removal, MetadataRecords.decode(MetadataRecords.encode(removal)));
    }

    @Test
    void kafkaReadsOurScramCredentialRecords() {
        ApiMessageAndVersion set = kafkaRead(new MetadataRecord.UserScramCredential("alice", (byte) 1,
                new byte[] {1, 2}, new byte[] {3}, new byte[] {4, 5, 6}, 8192));
        ApiMessageAndVersion removed = kafkaRead(new MetadataRecord.RemoveUserScramCredential("alice", (byte) 2));

        assertEquals(new ApiMessageAndVersion(new UserScramCredentialRecord().setName("alice").setMechanism((byte) 1)
                .setSalt(new byte[] {1, 2}).setStoredKey(new byte[] {3}).setServerKey(new byte[] {4, 5, 6})
                .setIterations(8192), (short) 0), set);
        assertEquals(new ApiMessageAndVersion(new RemoveUserScramCredentialRecord().setName("alice")
                .setMechanism((byte) 2), (short) 0), removed);
    }

    @Test
    void weReadKafkasScramCredentialRecords() {
        ApiMessageAndVersion set = new ApiMessageAndVersion(new UserScramCredentialRecord().setName("bob")
                .setMechanism((byte) 2).setSalt(new byte[] {9}).setStoredKey(new byte[] {8, 7})
                .setServerKey(new byte[] {6}).setIterations(4096), (short) 0);
        ApiMessageAndVersion removed = new ApiMessageAndVersion(new RemoveUserScramCredentialRecord().setName("bob")
                .setMechanism((byte) 1), (short) 0);

        MetadataRecord.UserScramCredential read = (MetadataRecord.UserScramCredential) MetadataRecords.decode(
                kafkaWrite(set));
        assertEquals("bob", read.name());
        assertEquals(2, read.mechanism());
        assertArrayEquals(new byte[] {9}, read.salt());
        assertArrayEquals(new byte[] {8, 7}, read.storedKey());
        assertArrayEquals(new byte[] {6}, read.serverKey());
        assertEquals(4096, read.iterations());
        assertEquals(new MetadataRecord.RemoveUserScramCredential("bob", (byte) 1),
                MetadataRecords.decode(kafkaWrite(removed)));
    }
}
