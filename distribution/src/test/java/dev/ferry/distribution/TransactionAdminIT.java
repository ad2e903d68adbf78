package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AdminClient's transaction methods, against transactions of the real producer and a hand-made hanging one. */
class TransactionAdminIT {

    @RegisterExtension
    static final SharedBroker SHARED = SharedBroker.withConfig();

    private static BrokerProcess broker;
    private static Admin admin;

    @BeforeAll
    static void useSharedBroker() {
        broker = SHARED.broker();
        admin = SHARED.admin();
    }

    @Test
    void listDescribeAndDescribeProducersShowAnOpenTransaction() throws Exception {
        // Given
        createTopic("listed");
        TopicPartition partition = new TopicPartition("listed", 0);
        try (KafkaProducer<String, String> producer = transactionalProducer("listed-writer")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("listed", "k", "v"));
            producer.flush();

            // When
            TransactionListing listing = admin.listTransactions().all().get().stream()
                    .filter(found -> found.transactionalId().equals("listed-writer")).findFirst().orElseThrow();
            TransactionDescription described = admin.describeTransactions(List.of("listed-writer"))
                    .description("listed-writer").get();
            ProducerState producerState = admin.describeProducers(List.of(partition)).partitionResult(partition)
                    .get().activeProducers().get(0);
            producer.commitTransaction();

            // Then
            assertEquals(TransactionState.ONGOING, listing.state());
            assertEquals(TransactionState.ONGOING, described.state());
            assertEquals(List.of(partition), List.copyOf(described.topicPartitions()));
            assertEquals(described.producerId(), listing.producerId());
            assertEquals(described.producerId(), producerState.producerId());
            assertEquals(OptionalLong.of(0), producerState.currentTransactionStartOffset());
            Await.until(() -> "the commit to complete once its markers are written",
                    () -> admin.describeTransactions(List.of("listed-writer")).description("listed-writer").get()
                            .state() == TransactionState.COMPLETE_COMMIT);
        }
        ExecutionException unknown = assertThrows(ExecutionException.class,
                () -> admin.describeTransactions(List.of("nobody")).description("nobody").get());
        assertInstanceOf(TransactionalIdNotFoundException.class, unknown.getCause());
    }

    @Test
    void abortTransactionEndsATransactionThatHoldsReadCommittedConsumers() throws Exception {
        // Given a producer stuck inside a transaction
        createTopic("hanging");
        TopicPartition partition = new TopicPartition("hanging", 0);
        try (KafkaProducer<String, String> stuck = transactionalProducer("stuck-writer")) {
            stuck.initTransactions();
            stuck.beginTransaction();
            stuck.send(new ProducerRecord<>("hanging", "k", "stuck"));
            stuck.flush();
            ProducerState state = admin.describeProducers(List.of(partition)).partitionResult(partition).get()
                    .activeProducers().get(0);
            assertEquals(0, latestOffset(partition, IsolationLevel.READ_COMMITTED));

            // When
            admin.abortTransaction(new AbortTransactionSpec(partition, state.producerId(),
                    (short) state.producerEpoch(), state.coordinatorEpoch().orElse(0))).all().get();

            // Then
            assertEquals(2, latestOffset(partition, IsolationLevel.READ_COMMITTED), "the record and the marker");
            assertTrue(admin.describeProducers(List.of(partition)).partitionResult(partition).get()
                    .activeProducers().stream().allMatch(found -> found.currentTransactionStartOffset().isEmpty()));
        }
    }

    @Test
    void fenceProducersBumpsTheEpochSoTheRunningInstanceIsFenced() throws Exception {
        // Given
        createTopic("fenced-by-admin");
        try (KafkaProducer<String, String> producer = transactionalProducer("admin-fenced")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("fenced-by-admin", "k", "v"));
            producer.flush();

            // When
            admin.fenceProducers(List.of("admin-fenced")).all().get();

            // Then
            KafkaException fenced = assertThrows(KafkaException.class, producer::commitTransaction);
            assertInstanceOf(ProducerFencedException.class, fenced, fenced::toString);
        }
        Await.until(() -> "the fenced transaction to be aborted",
                () -> latestOffset(new TopicPartition("fenced-by-admin", 0), IsolationLevel.READ_COMMITTED) == 2);
    }

    private static void createTopic(String name) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
    }

    private static KafkaProducer<String, String> transactionalProducer(String transactionalId) {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static long latestOffset(TopicPartition partition, IsolationLevel isolation)
            throws ExecutionException, InterruptedException {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(isolation)).all()
                .get().get(partition).offset();
    }
}
