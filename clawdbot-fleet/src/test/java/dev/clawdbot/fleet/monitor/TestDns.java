package dev.clawdbot.fleet.monitor;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny UDP DNS server speaking the RFC 1035 wire format: answers A and TXT questions from {@link #records}
 * ("name TYPE" to values), NXDOMAIN for the rest, and nothing at all while {@link #silent} is set.
 */
final class TestDns implements AutoCloseable {
    final Map<String, List<String>> records = new ConcurrentHashMap<>();
    volatile boolean silent;
    private final DatagramSocket socket;
    private final Thread thread;

    TestDns() throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = Thread.ofPlatform().daemon().name("test-dns").start(this::serve);
    }

    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                if (silent) continue;
                byte[] reply = answer(buf);
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (Exception e) {
                if (socket.isClosed()) return;
            }
        }
    }

    private byte[] answer(byte[] q) {
        StringBuilder name = new StringBuilder();
        int i = 12;
        while (q[i] != 0) {
            int l = q[i] & 0xff;
            if (!name.isEmpty()) name.append('.');
            name.append(new String(q, i + 1, l, StandardCharsets.US_ASCII));
            i += l + 1;
        }
        int qtype = (q[i + 1] & 0xff) << 8 | q[i + 2] & 0xff;
        int questionEnd = i + 5;
        String type = qtype == 1 ? "A" : qtype == 16 ? "TXT" : "?";
        List<String> values = records.get(name.toString().toLowerCase(Locale.ROOT) + " " + type);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x81);
        out.write(values == null ? 0x83 : 0x80); // QR+RD, RA; rcode 3 = NXDOMAIN
        u16(out, 1);
        u16(out, values == null ? 0 : values.size());
        u16(out, 0);
        u16(out, 0);
        out.write(q, 12, questionEnd - 12);
        if (values != null) {
            for (String v : values) {
                u16(out, 0xC00C); // pointer to the question's name
                u16(out, qtype);
                u16(out, 1);
                u16(out, 0);
                u16(out, 60);
                byte[] rdata;
                if (qtype == 1) {
                    rdata = new byte[4];
                    String[] parts = v.split("\\.");
                    for (int k = 0; k < 4; k++) rdata[k] = (byte) Integer.parseInt(parts[k]);
                } else {
                    byte[] t = v.getBytes(StandardCharsets.UTF_8);
                    rdata = new byte[t.length + 1];
                    rdata[0] = (byte) t.length;
                    System.arraycopy(t, 0, rdata, 1, t.length);
                }
                u16(out, rdata.length);
                out.writeBytes(rdata);
            }
        }
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8 & 0xff);
        out.write(v & 0xff);
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
