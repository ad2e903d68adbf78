package dev.ferry.distribution;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Admin client's config calls as {@link ConfigsIT} uses them: one resource, waited for. */
final class ConfigsClient {

    static final ConfigResource BROKER = new ConfigResource(ConfigResource.Type.BROKER, "1");
    static final ConfigResource CLUSTER_DEFAULT = new ConfigResource(ConfigResource.Type.BROKER, "");

    private final Admin admin;
    private final Properties clientProperties;

    ConfigsClient(Admin admin, Properties clientProperties) {
        this.admin = admin;
        this.clientProperties = clientProperties;
    }

    static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    /** Every config of the resource, with synonyms and documentation. */
    Config describe(ConfigResource resource) throws ExecutionException, InterruptedException {
        return admin.describeConfigs(List.of(resource),
                new DescribeConfigsOptions().includeSynonyms(true).includeDocumentation(true)).all().get().get(resource);
    }

    ConfigEntry entry(ConfigResource resource, String name) throws ExecutionException, InterruptedException {
        return describe(resource).get(name);
    }

    String value(ConfigResource resource, String name) throws ExecutionException, InterruptedException {
        return entry(resource, name).value();
    }

    void alter(ConfigResource resource, AlterConfigOp... ops) throws ExecutionException, InterruptedException {
        alter(resource, false, ops);
    }

    void alter(ConfigResource resource, boolean validateOnly, AlterConfigOp... ops)
            throws ExecutionException, InterruptedException {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(ops)),
                new AlterConfigsOptions().validateOnly(validateOnly)).all().get();
    }

    static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    static AlterConfigOp delete(String name) {
        return new AlterConfigOp(new ConfigEntry(name, null), AlterConfigOp.OpType.DELETE);
    }

    static AlterConfigOp append(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.APPEND);
    }

    static AlterConfigOp subtract(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SUBTRACT);
    }

    /** Sends records one batch each, waiting for every acknowledgement. */
    List<RecordMetadata> produce(Collection<ProducerRecord<String, String>> records) throws Exception {
        Properties properties = (Properties) clientProperties.clone();
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        properties.put(ProducerConfig.RETRIES_CONFIG, 0);
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 10_000_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            List<RecordMetadata> sent = new java.util.ArrayList<>();
            for (ProducerRecord<String, String> record : records) {
                sent.add(producer.send(record).get());
            }
            return sent;
        }
    }
}
