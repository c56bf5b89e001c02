package dev.clawdbot.broker.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.clawdbot.broker.BrokerFixture;
import dev.clawdbot.core.approval.ApprovalMessage;
import dev.clawdbot.core.approval.OperatorChannel;
import dev.clawdbot.broker.OperatorEmailConfig;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** GreenMail SMTP + IMAP with the broker's mailbox and a helper for the operator's (or a spoofer's) replies. */
public final class MailFixture implements AutoCloseable {

    public static final String BROKER = "broker@clawdbot.example";
    public static final String OPERATOR = "op@example.org";
    public GreenMail mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    public MailFixture() {
        mail.start();
        users();
    }

    private void users() {
        mail.setUser(BROKER, "broker", "broker-pw");
        mail.setUser(OPERATOR, "op", "op-pw");
    }

    /** Stops the servers (clients see the connection drop). */
    public void stop() {
        mail.stop();
    }

    /** Starts fresh servers on the same ports, as after a mail server restart (mailboxes start empty). */
    public void startAgain(int smtpPort, int imapPort) {
        mail = new GreenMail(new ServerSetup[]{new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        users();
    }

    /** The broker's e-mail channel to this mailbox; every notice it sends is also kept in {@code f.notices}. */
    public OperatorChannel emailChannel(BrokerFixture f, List<String> trusted) {
        EmailOperatorChannel email = new EmailOperatorChannel(config(trusted), f.clock);
        return new OperatorChannel() {
            public String name() {
                return "email";
            }

            public void send(ApprovalMessage n) throws Exception {
                f.notices.add(n);
                email.send(n);
            }
        };
    }

    /** The approval e-mail the broker sent the operator for request {@code requestId}, the root of its thread. */
    public MimeMessage approvalMail(String requestId) throws MessagingException {
        for (MimeMessage m : mail.getReceivedMessagesForDomain("example.org")) {
            if (m.getMessageID().equals(EmailOperatorChannel.rootMessageId(requestId))) return m;
        }
        throw new AssertionError("no approval e-mail for " + requestId);
    }

    public OperatorEmailConfig config(List<String> trusted) {
        return new OperatorEmailConfig("127.0.0.1", mail.getSmtp().getPort(), false, "127.0.0.1", mail.getImap().getPort(), false,
                "broker", "broker-pw", BROKER, List.of(OPERATOR), trusted, "INBOX", Duration.ofSeconds(1));
    }

    /** With a command address, and a poll interval long enough that only IMAP IDLE can deliver within a test. */
    public OperatorEmailConfig config(List<String> trusted, String commandAddress, Duration pollInterval) {
        return new OperatorEmailConfig("127.0.0.1", mail.getSmtp().getPort(), false, "127.0.0.1", mail.getImap().getPort(), false,
                "broker", "broker-pw", BROKER, List.of(OPERATOR), trusted, "INBOX", pollInterval, commandAddress, null, Duration.ofSeconds(1));
    }

    /** Sends a message into the broker's mailbox over SMTP, with arbitrary extra headers (in the given order, topmost first). */
    public void reply(String from, String subject, String inReplyTo, String body, String messageId, List<Map.Entry<String, String>> headers)
            throws MessagingException {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
        Session s = Session.getInstance(p);
        MimeMessage m = new MimeMessage(s) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        for (Map.Entry<String, String> h : headers) m.addHeader(h.getKey(), h.getValue());
        m.setFrom(new InternetAddress(from));
        if (headers.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("To"))) m.addRecipient(Message.RecipientType.TO, new InternetAddress(BROKER));
        m.setSubject(subject);
        if (inReplyTo != null) m.setHeader("In-Reply-To", inReplyTo);
        m.setText(body, "UTF-8");
        m.saveChanges();
        Transport.send(m, new InternetAddress[]{new InternetAddress(BROKER)});
    }

    @Override
    public void close() {
        mail.stop();
    }
}
