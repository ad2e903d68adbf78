package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Transactional producers and read_committed consumers, with the real clients against the distribution. */
class TransactionsIT {

    @RegisterExtension
    static final SharedBroker SHARED = SharedBroker.withConfig(
            "transaction.abort.timed.out.transaction.cleanup.interval.ms = 500");

    private static BrokerProcess broker;
    private static Admin admin;

    @BeforeAll
    static void useSharedBroker() {
        broker = SHARED.broker();
        admin = SHARED.admin();
    }

    @Test
    void readCommittedConsumersSeeCommittedTransactionsOnlyAndUncommittedOnesSeeAll() throws Exception {
        // Given
        createTopic("orders", 2);
        try (KafkaProducer<String, String> producer = transactionalProducer("orders-writer")) {
            producer.initTransactions();

            // When
            sendInTransaction(producer, "orders", "committed-a-", 10);
            producer.commitTransaction();
            sendInTransaction(producer, "orders", "aborted-", 5);
            producer.flush(); // an abort drops the batches not sent yet
            producer.abortTransaction();
            sendInTransaction(producer, "orders", "committed-b-", 3);
            producer.commitTransaction();
        }

        // Then
        List<String> committed = readAll("orders", IsolationLevel.READ_COMMITTED, 13);
        List<String> everything = readAll("orders", IsolationLevel.READ_UNCOMMITTED, 18);
        assertEquals(13, committed.size(), committed::toString);
        assertTrue(committed.stream().noneMatch(value -> value.startsWith("aborted-")), committed::toString);
        assertEquals(18, everything.size(), everything::toString);
    }

    @Test
    void anOpenTransactionHoldsBackReadCommittedConsumersUntilItCommits() throws Exception {
        // Given
        createTopic("held", 1);
        TopicPartition partition = new TopicPartition("held", 0);
        try (KafkaProducer<String, String> producer = transactionalProducer("held-writer")) {
            producer.initTransactions();
            sendInTransaction(producer, "held", "pending-", 5);
            producer.flush();

            // When
            long stable = latestOffset(partition, IsolationLevel.READ_COMMITTED);
            long written = latestOffset(partition, IsolationLevel.READ_UNCOMMITTED);
            List<String> beforeCommit = readAll("held", IsolationLevel.READ_COMMITTED, 0);
            producer.commitTransaction();

            // Then
            assertEquals(0, stable, "the last stable offset is the open transaction's first offset");
            assertEquals(5, written);
            assertEquals(List.of(), beforeCommit);
            assertEquals(5, readAll("held", IsolationLevel.READ_COMMITTED, 5).size());
            assertEquals(6, latestOffset(partition, IsolationLevel.READ_COMMITTED), "the records and the marker");
        }
    }

    @Test
    void offsetsSentToATransactionAreCommittedWithIt() throws Exception {
        // Given
        createTopic("etl-out", 1);
        TopicPartition input = new TopicPartition("etl-in", 0);
        createTopic("etl-in", 1);
        ConsumerGroupMetadata group = new ConsumerGroupMetadata("etl");
        try (KafkaProducer<String, String> producer = transactionalProducer("etl-writer")) {
            producer.initTransactions();

            // When
            sendInTransaction(producer, "etl-out", "aborted-", 1);
            producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(7)), group);
            producer.abortTransaction();
            Map<TopicPartition, OffsetAndMetadata> afterAbort = committedOffsets("etl");
            sendInTransaction(producer, "etl-out", "out-", 1);
            producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(42)), group);
            producer.commitTransaction();

            // Then
            assertNull(afterAbort.get(input), afterAbort::toString);
            Await.until(() -> "the offset committed by the transaction", () -> committedOffsets("etl").get(input)
                    != null && committedOffsets("etl").get(input).offset() == 42);
        }
    }

    @Test
    void aNewInstanceWithTheSameTransactionalIdFencesTheOldOneAndAbortsItsTransaction() throws Exception {
        // Given
        createTopic("fenced", 1);
        try (KafkaProducer<String, String> old = transactionalProducer("fenced-writer");
             KafkaProducer<String, String> next = transactionalProducer("fenced-writer")) {
            old.initTransactions();
            sendInTransaction(old, "fenced", "zombie-", 2);
            old.flush();

            // When
            next.initTransactions();
            sendInTransaction(next, "fenced", "fresh-", 2);
            next.commitTransaction();

            // Then
            KafkaException fenced = assertThrows(KafkaException.class, old::commitTransaction);
            assertInstanceOf(ProducerFencedException.class, rootOrSelf(fenced), fenced::toString);
            assertEquals(List.of("fresh-0", "fresh-1"), readAll("fenced", IsolationLevel.READ_COMMITTED, 2));
        }
    }

    @Test
    void aTransactionOpenLongerThanItsTimeoutIsAbortedByTheBroker() throws Exception {
        // Given
        createTopic("slow", 1);
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "1500");
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "slow-writer");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            sendInTransaction(producer, "slow", "late-", 3);
            producer.flush();

            // When
            TopicPartition partition = new TopicPartition("slow", 0);
            Await.until(() -> "the broker to abort the timed-out transaction",
                    () -> latestOffset(partition, IsolationLevel.READ_COMMITTED) == 4);

            // Then
            assertThrows(KafkaException.class, producer::commitTransaction);
            assertEquals(List.of(), readAll("slow", IsolationLevel.READ_COMMITTED, 0));
        }
    }

    @Test
    void aTransactionalWriteItsCoordinatorDoesNotKnowOfIsRefused() throws Exception {
        // Given a producer id whose transaction no coordinator has under way
        createTopic("unverified", 1);
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.port())) {
            InitProducerIdResponse init = (InitProducerIdResponse) connection.receive(connection.send(
                    new InitProducerIdRequest.Builder(new InitProducerIdRequestData().setTransactionalId(null)
                            .setTransactionTimeoutMs(60_000)).build((short) 4)));

            // When
            short withId = transactionalProduce(connection, init.data().producerId(), "never-registered");
            short withoutId = transactionalProduce(connection, init.data().producerId(), null);

            // Then
            assertEquals(Errors.INVALID_TXN_STATE.code(), withId, "it would open a transaction no marker ends");
            assertEquals(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code(), withoutId);
            assertEquals(0, latestOffset(new TopicPartition("unverified", 0), IsolationLevel.READ_UNCOMMITTED));
        }
    }

    private static short transactionalProduce(RawKafkaConnection connection, long producerId,
                                              String transactionalId) throws Exception {
        MemoryRecords batch = MemoryRecords.withTransactionalRecords(0, Compression.NONE, producerId, (short) 0, 0,
                RecordBatch.NO_PARTITION_LEADER_EPOCH, new SimpleRecord("stray".getBytes()));
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName("unverified").setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(batch))));
        ProduceResponse produced = (ProduceResponse) connection.receive(connection.send(new ProduceRequest.Builder(
                (short) 11, (short) 11, new ProduceRequestData().setTransactionalId(transactionalId)
                .setAcks((short) -1).setTimeoutMs(30_000).setTopicData(topics)).build((short) 11)));
        return produced.data().responses().iterator().next().partitionResponses().get(0).errorCode();
    }

    private static Throwable rootOrSelf(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof ProducerFencedException)) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }

    private static KafkaProducer<String, String> transactionalProducer(String transactionalId) {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static void sendInTransaction(KafkaProducer<String, String> producer, String topic, String prefix,
                                          int count) {
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, "key-" + i, prefix + i));
        }
    }

    private static long latestOffset(TopicPartition partition, IsolationLevel isolation)
            throws ExecutionException, InterruptedException {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(isolation)).all()
                .get().get(partition).offset();
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }

    /** Reads a topic from the beginning until {@code expected} records came, then polls once more for extras. */
    private static List<String> readAll(String topic, IsolationLevel isolation, int expected) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList());
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
            for (ConsumerRecord<String, String> extra : consumer.poll(Duration.ofMillis(2000))) {
                values.add(extra.value());
            }
        }
        return values;
    }
}
