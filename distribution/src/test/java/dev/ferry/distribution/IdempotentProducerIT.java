package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idempotent producers: the real producer with its defaults (idempotence on, acks=all), and retries, gaps and
 * fenced epochs sent by hand, before and after a restart.
 */
class IdempotentProducerIT {

    @TempDir
    Path temp;

    @Test
    void aProducerWithKafkasDefaultsWritesEachRecordOnce() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data")));
             Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(new NewTopic("payments", 3, (short) 1))).all().get();

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(broker.clientProperties(),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 3000; i++) {
                    producer.send(new ProducerRecord<>("payments", "key-" + i, "payment-" + i));
                }
                producer.flush();
            }

            assertEquals(3000, distinctValues(broker, "payments", 3000).size());
            List<ProducerState> producers = admin.describeProducers(List.of(new TopicPartition("payments", 0)))
                    .partitionResult(new TopicPartition("payments", 0)).get().activeProducers();
            assertEquals(1, producers.size(), producers::toString);
            assertEquals(0, producers.get(0).producerEpoch());
            long inPartition = admin.listOffsets(Map.of(new TopicPartition("payments", 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get()
                    .get(new TopicPartition("payments", 0)).offset();
            assertEquals(inPartition - 1, producers.get(0).lastSequence());
        }
    }

    @Test
    void aRetriedBatchIsAnsweredWithItsOffsetAndNotWrittenAgainEvenAfterARestart() throws Exception {
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        long producerId;
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties());
             RawKafkaConnection connection = RawKafkaConnection.open(broker.port())) {
            admin.createTopics(List.of(new NewTopic("ledger", 1, (short) 1))).all().get();
            producerId = initProducerId(connection);

            assertEquals(0, produce(connection, producerId, (short) 0, 0, 3).baseOffset());
            assertEquals(3, produce(connection, producerId, (short) 0, 3, 2).baseOffset());
            ProduceResponseData.PartitionProduceResponse retry = produce(connection, producerId, (short) 0, 0, 3);
            ProduceResponseData.PartitionProduceResponse gap = produce(connection, producerId, (short) 0, 9, 1);

            assertEquals(Errors.NONE.code(), retry.errorCode());
            assertEquals(0, retry.baseOffset());
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code(), gap.errorCode());
            assertEquals(0, broker.stop(), broker.output());
        }

        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             RawKafkaConnection connection = RawKafkaConnection.open(broker.port())) {
            ProduceResponseData.PartitionProduceResponse retry = produce(connection, producerId, (short) 0, 3, 2);
            ProduceResponseData.PartitionProduceResponse next = produce(connection, producerId, (short) 0, 5, 1);
            ProduceResponseData.PartitionProduceResponse newEpoch = produce(connection, producerId, (short) 1, 0, 1);
            ProduceResponseData.PartitionProduceResponse fenced = produce(connection, producerId, (short) 0, 6, 1);

            assertEquals(3, retry.baseOffset(), "the producer's state was rebuilt from the log");
            assertEquals(5, next.baseOffset());
            assertEquals(6, newEpoch.baseOffset());
            assertEquals(Errors.INVALID_PRODUCER_EPOCH.code(), fenced.errorCode());
            assertEquals(7, distinctValues(broker, "ledger", 7).size(), "no batch was written twice");
            long newProducerId = initProducerId(connection);
            assertEquals(true, newProducerId > producerId, "a restart never hands out a producer id again");
        }
    }

    private static long initProducerId(RawKafkaConnection connection) throws Exception {
        InitProducerIdRequest request = new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(Integer.MAX_VALUE)).build((short) 4);
        InitProducerIdResponse response = (InitProducerIdResponse) connection.receive(connection.send(request));
        assertEquals(Errors.NONE, response.error());
        assertEquals(0, response.data().producerEpoch());
        return response.data().producerId();
    }

    /** Sends one idempotent batch of {@code count} records to partition 0 of "ledger". */
    private static ProduceResponseData.PartitionProduceResponse produce(RawKafkaConnection connection,
                                                                        long producerId, short epoch,
                                                                        int sequence, int count) throws Exception {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), null,
                    ("record-" + epoch + "-" + (sequence + i)).getBytes());
        }
        MemoryRecords batch = MemoryRecords.withIdempotentRecords(0, Compression.NONE, producerId, epoch, sequence,
                RecordBatch.NO_PARTITION_LEADER_EPOCH, records);
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName("ledger")
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0)
                        .setRecords(batch))));
        ProduceRequest request = new ProduceRequest.Builder((short) 11, (short) 11, new ProduceRequestData()
                .setAcks((short) -1).setTimeoutMs(30_000).setTopicData(topics)).build((short) 11);
        ProduceResponse response = (ProduceResponse) connection.receive(connection.send(request));
        return response.data().responses().iterator().next().partitionResponses().get(0);
    }

    private static Set<String> distinctValues(BrokerProcess broker, String topic, int expected) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            // one more poll: a record written twice would show up now
            consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        }
        Set<String> distinct = new HashSet<>(values);
        assertEquals(values.size(), distinct.size(), "a record was read twice");
        return distinct;
    }
}
