package dev.clawdbot.mail;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SubjectTerm;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** One open IMAP folder on its own connection; closing it closes the connection. */
public final class MailFolder implements AutoCloseable {
    private final Store store;
    private final Folder folder;
    private final MailAuth auth;

    private MailFolder(Store store, Folder folder, MailAuth auth) {
        this.store = store;
        this.folder = folder;
        this.auth = auth;
    }

    /**
     * Logs in and opens {@code name} read-only, or for writing (to mark messages seen).
     *
     * @return empty when the account has no such folder
     */
    public static Optional<MailFolder> open(ImapSettings imap, String name, boolean writable, Clock clock) throws MailException {
        Store store = null;
        try {
            store = MailSessions.connect(imap, clock);
            Folder f = store.getFolder(name);
            if (!f.exists()) {
                store.close();
                return Optional.empty();
            }
            f.open(writable ? Folder.READ_WRITE : Folder.READ_ONLY);
            return Optional.of(new MailFolder(store, f, imap.auth()));
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(null, store);
            throw MailException.of(imap.auth(), e);
        }
    }

    /** How many messages the folder holds now. */
    public int count() throws MailException {
        return call(folder::getMessageCount);
    }

    /** The last {@code n} messages (oldest first), their envelopes and Message-IDs fetched in one round trip. */
    public List<ReceivedMail> latest(int n) throws MailException {
        return call(() -> {
            int count = folder.getMessageCount();
            Message[] messages = count == 0 ? new Message[0] : folder.getMessages(Math.max(1, count - n + 1), count);
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.ENVELOPE);
            fp.add("Message-ID");
            folder.fetch(messages, fp);
            return wrap(messages);
        });
    }

    /** The messages without the \Seen flag, oldest first. */
    public List<ReceivedMail> unseen() throws MailException {
        return call(() -> wrap(folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))));
    }

    /** The messages with {@code words} in the sender, the subject or the body (the server searches), oldest first. */
    public List<ReceivedMail> search(String words) throws MailException {
        SearchTerm term = new OrTerm(new SearchTerm[]{new FromStringTerm(words), new SubjectTerm(words), new BodyTerm(words)});
        return call(() -> wrap(folder.search(term)));
    }

    /** The message with this IMAP UID; empty when there is none. */
    public Optional<ReceivedMail> byUid(long uid) throws MailException {
        return call(() -> Optional.ofNullable(((UIDFolder) folder).getMessageByUID(uid)).map(m -> new ReceivedMail(m, auth)));
    }

    /** The folder's full name on the server. */
    String fullName() {
        return folder.getFullName();
    }

    boolean isOpen() {
        return folder.isOpen();
    }

    /** See {@link ImapIdle#awaitChange}. */
    boolean awaitChange(int known, ScheduledExecutorService timers, Duration reidleInterval, Duration pollInterval) throws MailException {
        return call(() -> ImapIdle.awaitChange(folder, known, timers, reidleInterval, pollInterval));
    }

    private List<ReceivedMail> wrap(Message[] messages) {
        List<ReceivedMail> out = new ArrayList<>(messages.length);
        for (Message m : messages) out.add(new ReceivedMail(m, auth));
        return out;
    }

    private <T> T call(ReceivedMail.Read<T> r) throws MailException {
        try {
            return r.read();
        } catch (MessagingException | RuntimeException e) {
            throw MailException.of(auth, e);
        }
    }

    /** Closes the folder and the connection; safe on a broken connection. */
    @Override
    public void close() {
        closeQuietly(folder, store);
    }

    /** Closes the connection only, from another thread: a thread blocked in IDLE wakes up only when its connection closes. */
    void abort() {
        closeQuietly(null, store);
    }

    private static void closeQuietly(Folder folder, Store store) {
        try {
            if (folder != null && folder.isOpen()) folder.close(false);
        } catch (MessagingException | RuntimeException ignored) {
            // closing a broken connection
        }
        try {
            if (store != null) store.close();
        } catch (MessagingException | RuntimeException ignored) {
            // closing a broken connection
        }
    }
}
