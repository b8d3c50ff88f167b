package dev.ios.server.net;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The first frame on every peer connection, in both directions (README, "Peer protocol"): the
 * dialer names itself and the server it means to reach; the acceptor, once satisfied, answers with
 * the same layout naming itself.
 *
 * <pre>
 * int32  magic 0x494F5350 ("IOSP")
 * uint16 protocol version
 * int32  sender server id
 * int32  receiver server id
 * uint8  cluster id length, then that many ASCII bytes
 * </pre>
 *
 * @param version the sender's protocol version
 * @param clusterId the sender's cluster id
 * @param from the sender's server id
 * @param to the server id the sender believes it is talking to
 */
record PeerHandshake(int version, String clusterId, int from, int to) {

    static final int MAGIC = 0x494F5350;
    static final int VERSION = 1;
    /** Largest possible handshake payload: the fixed fields plus a 255-byte cluster id. */
    static final int BYTES_MAX = 4 + 2 + 4 + 4 + 1 + 255;

    /** Appends the payload (without the frame's length prefix). */
    void write(ByteBuf out) {
        byte[] cluster = clusterId.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(MAGIC).writeShort(version).writeInt(from).writeInt(to).writeByte(cluster.length).writeBytes(cluster);
    }

    /** Payload size in bytes. */
    int size() {
        return 4 + 2 + 4 + 4 + 1 + clusterId.length();
    }

    /**
     * Reads a whole handshake payload; null if it is not exactly one well-formed handshake (wrong
     * magic, short, trailing bytes, non-printable cluster id). Never throws.
     */
    static PeerHandshake read(ByteBuf in) {
        if (in.readableBytes() < 15 || in.readInt() != MAGIC) {
            return null;
        }
        int version = in.readUnsignedShort();
        int from = in.readInt();
        int to = in.readInt();
        int length = in.readUnsignedByte();
        if (in.readableBytes() != length) {
            return null;
        }
        byte[] cluster = new byte[length];
        in.readBytes(cluster);
        for (byte b : cluster) {
            if (b < 0x21 || b > 0x7e) {
                return null;
            }
        }
        return new PeerHandshake(version, new String(cluster, StandardCharsets.US_ASCII), from, to);
    }
}
