package dev.ferry.distribution;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * A plain socket speaking Kafka frames, for tests that send what no real client would: any bytes, any frame, or a
 * real request built with kafka-clients' classes.
 */
public final class RawKafkaConnection implements AutoCloseable {

    private static final int TIMEOUT_MS = 30_000;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int nextCorrelationId;

    private RawKafkaConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    public static RawKafkaConnection open(int port) throws IOException {
        return new RawKafkaConnection(new Socket("127.0.0.1", port));
    }

    /** A connection from another loopback address (127.0.0.2...), as a second client host would make. */
    public static RawKafkaConnection openFrom(String localAddress, int port) throws IOException {
        return new RawKafkaConnection(new Socket(InetAddress.getByName("127.0.0.1"), port,
                InetAddress.getByName(localAddress), 0));
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    /** The serialized header of a request of that key and version, with no body: a prefix to append a body to. */
    public static byte[] headerOnly(RequestHeader header) {
        ByteBuffer bytes = RequestUtils.serialize(header.data(), header.headerVersion(), new ApiVersionsRequestData(),
                (short) 0);
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return array;
    }

    public RequestHeader header(ApiKeys apiKey, short version) {
        return new RequestHeader(apiKey, version, "raw-test-client", nextCorrelationId++);
    }

    /** Sends a request built with kafka-clients and returns its header, to read the response with. */
    public RequestHeader send(AbstractRequest request) throws IOException {
        RequestHeader header = header(request.apiKey(), request.version());
        ByteBuffer bytes = request.serializeWithHeader(header);
        byte[] frame = new byte[bytes.remaining()];
        bytes.get(frame);
        sendFrame(frame);
        return header;
    }

    /** Sends bytes with a size prefix that tells the truth. */
    public void sendFrame(byte[] frame) throws IOException {
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    /** Sends bytes as they are. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next response frame, without its size. */
    public ByteBuffer receiveFrame() throws IOException {
        int size = in.readInt();
        byte[] frame = new byte[size];
        in.readFully(frame);
        return ByteBuffer.wrap(frame);
    }

    public AbstractResponse receive(RequestHeader header) throws IOException {
        return AbstractResponse.parseResponse(receiveFrame(), header);
    }

    /** An ApiVersions round trip: whether the broker serves this connection. */
    public boolean isServed() {
        try {
            RequestHeader header = send(new ApiVersionsRequest.Builder().build((short) 3));
            return receive(header) instanceof ApiVersionsResponse;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the broker closes the connection without sending anything (more) within the timeout. */
    public boolean isClosedByBroker() throws IOException {
        try {
            return in.read() == -1;
        } catch (EOFException | SocketException closedOrReset) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
