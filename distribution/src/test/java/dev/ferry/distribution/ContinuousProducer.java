package dev.ferry.distribution;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** A producer on its own thread writing unique values, a few hundred a second, until stopped. */
public final class ContinuousProducer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    private ContinuousProducer(KafkaProducer<String, String> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
        this.thread = new Thread(this::run, "continuous-producer");
        thread.start();
    }

    public static ContinuousProducer start(BrokerProcess broker, String topic) {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return new ContinuousProducer(new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer()),
                topic);
    }

    private void run() {
        long sent = 0;
        while (running) {
            for (int i = 0; i < 20; i++, sent++) {
                String value = Long.toString(sent);
                producer.send(new ProducerRecord<>(topic, value, value), (metadata, failure) -> {
                    if (failure == null) {
                        acknowledged.add(value);
                    }
                });
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops writing, waits for the answers to what was sent, and returns the values the broker acknowledged. */
    public Set<String> stopAndAcknowledged() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        producer.flush();
        return Set.copyOf(acknowledged);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        producer.close();
    }
}
