-- Mail notify: one row per Message-ID and mailbox, so that a message is pushed once across restarts;
-- held rows wait for the end of quiet hours.
CREATE TABLE mail_notified (
    mailbox     TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    folder      TEXT NOT NULL,
    summary     TEXT NOT NULL,
    status      TEXT NOT NULL,
    seen_at     TEXT NOT NULL,
    sent_at     TEXT,
    PRIMARY KEY (mailbox, message_id)
);
