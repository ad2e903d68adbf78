package dev.ferry.distribution;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Kafka's legacy AlterConfigs request, which the Admin client of kafka-clients 4 no longer sends: built with
 * kafka-clients' request classes and sent over a plain socket, as older clients and tools send it.
 */
final class LegacyAlterConfigs {

    private static final short VERSION = 2;

    private LegacyAlterConfigs() {
    }

    /** Replaces every override of a topic; returns the error code of the answer. */
    static short replaceTopic(BrokerProcess broker, String topic, Map<String, String> configs) throws IOException {
        AlterConfigsRequest request = new AlterConfigsRequest.Builder(Map.of(
                new ConfigResource(ConfigResource.Type.TOPIC, topic),
                new AlterConfigsRequest.Config(configs.entrySet().stream()
                        .map(config -> new AlterConfigsRequest.ConfigEntry(config.getKey(), config.getValue()))
                        .toList())), false).build(VERSION);
        RequestHeader header = new RequestHeader(ApiKeys.ALTER_CONFIGS, VERSION, "legacy-alter-configs", 1);
        ByteBuffer frame = request.serializeWithHeader(header);
        try (Socket socket = new Socket("127.0.0.1", broker.port())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(frame.remaining());
            out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            AlterConfigsResponse parsed = (AlterConfigsResponse) AbstractResponse.parseResponse(
                    ByteBuffer.wrap(response), header);
            return parsed.data().responses().get(0).errorCode();
        }
    }
}
